import { EventMetricsRepository } from '../clickhouse/repositories/event-metrics.repository';
import { EventTypesRepository } from '../clickhouse/repositories/event-types.repository';
import { checkEventType, checkRowLimit, MAX_EVENT_METRIC_ROWS, parseGroupBy, parseMeasure } from '../domain/arguments';
import { bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import { needsLearnerCounts, withholdSmallGroup, withholdSmallItems } from '../domain/privacy';
import type { Granularity, Measure } from '../domain/vocabulary';
import { attachWarnings } from '../domain/warnings';
import { unknownTypeWarnings } from './event-types.service';
import type { ServiceDeps } from './request-services';

export type EventMetricsReader = Pick<EventMetricsRepository, 'breakdown'>;

export interface EventMetricsArgs {
  eventType: string;
  period: PeriodArgs;
  measure: Measure;
  property: string | null;
  groupBy: readonly string[] | null;
  granularity: Granularity | null;
  limit: number;
}

export interface EventMetricRow {
  bucket: string | null;
  start: Date | null;
  /** A value read from `properties` is null in a row withheld by the privacy threshold. */
  group: (string | null)[];
  /** Null when withheld by the privacy threshold (partner views). */
  value: number | null;
}

/** Ad-hoc breakdowns of one event type over raw events: no new code per question. */
export class EventMetricsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: EventMetricsReader = new EventMetricsRepository(deps.db),
    private readonly types: Pick<EventTypesRepository, 'seen'> = new EventTypesRepository(deps.db),
  ) {}

  async breakdown(companyId: string | null, args: EventMetricsArgs): Promise<EventMetricRow[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const eventType = checkEventType('eventType', args.eventType);
    const limit = checkRowLimit('limit', args.limit, MAX_EVENT_METRIC_ROWS);
    const measure = parseMeasure(args.measure, args.property);
    const groupBy = parseGroupBy(args.groupBy ?? []);
    const period = resolvePeriod(args.period, this.deps.periodLimits, args.granularity ?? 'DAY');
    // Privacy threshold (partner views): a row describes the distinct users of its events, one
    // more column of the same query.
    const withLearners = needsLearnerCounts(scope);
    const [rows, warnings] = await Promise.all([
      this.repo.breakdown(scope, period, { eventType, measure, groupBy, granularity: args.granularity, limit, withLearners }),
      unknownTypeWarnings(this.types, scope, [{ argument: 'eventType', eventType }]),
    ]);
    const result: EventMetricRow[] = rows.map(({ learners: _learners, ...r }) => ({
      ...r,
      start: r.bucket === null ? null : bucketStart(r.bucket, period.timezone),
    }));
    // A group value read from `properties` can be anything a producer sent (a name, an email):
    // a withheld row does not show it either. Envelope columns (course_id, page, ...) stay.
    const fromProperties = groupBy.map((d) => !('column' in d));
    const answer = result.map((row, i) => {
      const learners = rows[i].learners ?? 0;
      const labels = fromProperties.map((p) => (p ? learners : Number.POSITIVE_INFINITY));
      return withholdSmallItems(scope, labels, withholdSmallGroup(scope, learners, row, ['value']), ['group']);
    });
    return attachWarnings(answer, warnings);
  }
}
