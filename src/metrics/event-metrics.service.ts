import type { ClickHouse } from '../clickhouse/client';
import {
  EventMetricsRepository,
  GROUP_COLUMNS,
  NUMERIC_COLUMNS,
  type Dimension,
  type GroupColumn,
  type Measure,
  type NumericColumn,
  type NumericSource,
  type PropertyPath,
} from '../clickhouse/repositories/event-metrics.repository';
import { EVENT_LIMITS } from '../ingest/validate-event';
import { checkEventType, checkRowLimit } from './argument-rules';
import { badUserInput } from './errors';
import type { Granularity } from './granularity';
import { bucketStart, resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import { needsLearnerCounts, withholdSmallGroup, withholdSmallItems } from './privacy';
import type { TenantScope } from './scope';

export type MeasureName = 'COUNT' | 'UNIQUE_USERS' | 'SUM' | 'AVG';

export interface EventMetricsArgs {
  eventType: string;
  period: PeriodArgs;
  measure: MeasureName;
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

export const MAX_EVENT_METRIC_ROWS = 1000;
export const MAX_GROUP_BY = 3;

const PROPERTY_PATH_RE = /^properties(\.[A-Za-z_][A-Za-z0-9_-]*){1,5}$/;

/** `properties.a.b` -> ['a', 'b'], or null when the text is not such a path. */
function propertyPath(text: string): PropertyPath | null {
  if (!PROPERTY_PATH_RE.test(text)) return null;
  const path = text.split('.').slice(1);
  return path.every((k) => k.length <= EVENT_LIMITS.maxPropertyKeyLength) ? { path } : null;
}

const show = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);

function parseDimension(argumentName: string, text: string): Dimension {
  if ((GROUP_COLUMNS as readonly string[]).includes(text)) return { column: text as GroupColumn };
  const p = propertyPath(text);
  if (p) return p;
  throw badUserInput(argumentName, `must be one of ${GROUP_COLUMNS.join(', ')}, or a properties path such as "properties.product_id" (1 to 5 keys of letters, digits, _ and -), got ${show(text)}`);
}

function parseNumericSource(text: string): NumericSource {
  if ((NUMERIC_COLUMNS as readonly string[]).includes(text)) return { column: text as NumericColumn };
  const p = propertyPath(text);
  if (p) return p;
  throw badUserInput('property', `must be ${NUMERIC_COLUMNS.join(', ')}, or a properties path such as "properties.rating" (1 to 5 keys of letters, digits, _ and -), got ${show(text)}`);
}

function parseMeasure(measure: MeasureName, property: string | null): Measure {
  if (measure === 'COUNT' || measure === 'UNIQUE_USERS') {
    if (property !== null) throw badUserInput('property', `is only used by SUM and AVG; leave it out for ${measure}`);
    return { kind: measure };
  }
  if (property === null) throw badUserInput('property', `${measure} needs a property: ${NUMERIC_COLUMNS.join(', ')} or a properties path such as "properties.rating"`);
  return { kind: measure, source: parseNumericSource(property) };
}

function parseGroupBy(groupBy: readonly string[]): Dimension[] {
  if (groupBy.length > MAX_GROUP_BY) throw badUserInput('groupBy', `has ${groupBy.length} entries; at most ${MAX_GROUP_BY}`);
  const seen = new Set<string>();
  return groupBy.map((text, i) => {
    if (seen.has(text)) throw badUserInput(`groupBy[${i}]`, `repeats ${show(text)}`);
    seen.add(text);
    return parseDimension(`groupBy[${i}]`, text);
  });
}

/** Ad-hoc breakdowns of one event type over raw events: no new code per question. */
export class EventMetricsService {
  private readonly repo: EventMetricsRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new EventMetricsRepository(db);
  }

  async breakdown(scope: TenantScope, args: EventMetricsArgs): Promise<EventMetricRow[]> {
    const eventType = checkEventType('eventType', args.eventType);
    const limit = checkRowLimit('limit', args.limit, MAX_EVENT_METRIC_ROWS);
    const measure = parseMeasure(args.measure, args.property);
    const groupBy = parseGroupBy(args.groupBy ?? []);
    const period = resolvePeriod(args.period, this.limits, args.granularity ?? 'DAY');
    // Privacy threshold (partner views): a row describes the distinct users of its events, one
    // more column of the same query.
    const withLearners = needsLearnerCounts(scope);
    const rows = await this.repo.breakdown(scope, period, { eventType, measure, groupBy, granularity: args.granularity, limit, withLearners });
    const result: EventMetricRow[] = rows.map(({ learners: _learners, ...r }) => ({ ...r, start: r.bucket === null ? null : bucketStart(r.bucket, period.timezone) }));
    // A group value read from `properties` can be anything a producer sent (a name, an email):
    // a withheld row does not show it either. Envelope columns (course_id, page, ...) stay.
    const fromProperties = groupBy.map((d) => !('column' in d));
    return result.map((row, i) => {
      const learners = rows[i].learners ?? 0;
      const labels = fromProperties.map((p) => (p ? learners : Number.POSITIVE_INFINITY));
      return withholdSmallItems(scope, labels, withholdSmallGroup(scope, learners, row, ['value']), ['group']);
    });
  }
}
