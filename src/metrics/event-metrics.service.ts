import { EventMetricsRepository } from '../clickhouse/repositories/event-metrics.repository';
import { EventTypesRepository } from '../clickhouse/repositories/event-types.repository';
import { checkEventType, checkRowLimit, MAX_EVENT_METRIC_ROWS, parseGroupBy, parseMeasure } from '../domain/arguments';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import { dropAndBlank, droppedGroups, hourSeriesReason, isSmallGroup, markDroppedGroups, markSeriesWithheld, needsLearnerCounts } from '../domain/privacy';
import { suppressedCube } from '../domain/suppression';
import { badUserInput } from '../domain/errors';
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
  /** The groupBy values, in groupBy order. */
  group: (string | null)[];
  /** Null when withheld by the privacy threshold (partner views). */
  value: number | null;
}

/**
 * Cells (table rows and marginals together) a partner view's suppression is decided on. Above
 * this the question is refused (BAD_USER_INPUT): deciding on part of the cube would leave cells
 * past the cut out of the complementary suppression.
 */
export const PARTNER_CUBE_CELLS = 20_000;

/** A slice of a marked list keeps the mark (the left-out groups are still left out). */
function markDroppedGroupsKept<T>(slice: T[], from: readonly T[]): T[] {
  return markDroppedGroups(slice, droppedGroups(from));
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
    // Partner views: suppression is decided on the whole table and its marginals (every shape of
    // the same question: without granularity, with fewer groupBy columns), then `limit` cuts the
    // visible rows; deciding on the first `limit` rows only would let a smaller limit cut a
    // complement off and leave a lone withheld row as total minus the rows shown.
    const fetchLimit = withLearners ? PARTNER_CUBE_CELLS + 1 : limit;
    const [fetched, warnings] = await Promise.all([
      this.repo.breakdown(scope, period, {
        eventType,
        measure,
        groupBy,
        granularity: args.granularity,
        limit: fetchLimit,
        withLearners,
        marginals: withLearners,
      }),
      unknownTypeWarnings(this.types, scope, [{ argument: 'eventType', eventType }]),
    ]);
    if (withLearners && fetched.length > PARTNER_CUBE_CELLS)
      throw badUserInput(
        'groupBy',
        `this table has more than ${PARTNER_CUBE_CELLS} rows and subtotals; partner views decide which rows to withhold on the whole table, so ask for a shorter period, a coarser granularity or fewer groupBy columns`,
      );
    const rows = fetched.filter((r) => r.summedOut === 0);
    const result: EventMetricRow[] = rows.map(({ learners: _learners, summedOut: _summedOut, ...r }) => ({
      ...r,
      start: r.bucket === null ? null : bucketStart(r.bucket, period.timezone),
    }));
    if (!withLearners) return attachWarnings(result, warnings);
    /**
     * Privacy (partner views), issue 13: a row describes the distinct users of its events.
     * - Rows under k are left out (their labels would say that someone had such an event);
     *   the list is marked with how many, for extensions.privacy.withheldGroups.
     * - Complementary suppression over the (bucket, groups...) table: every total a partner can
     *   ask for (the same question without one groupBy entry or without granularity) minus the
     *   visible rows never equals one left-out row, because such a line also hides a second row
     *   (shown with its labels, value null: it has at least k learners).
     */
    if (args.granularity === 'HOUR') {
      // HOUR is all-or-nothing: every hour of every group must clear k (an hour without a row
      // is an hour of 0 learners), else no row is shown and the response says why.
      const groups = new Set(rows.map((r) => JSON.stringify(r.group)));
      const complete = rows.every((r) => !isSmallGroup(scope, r.learners ?? 0)) && rows.length === groups.size * bucketLabels(period, 'HOUR').length;
      if (!complete) return attachWarnings(markSeriesWithheld(markDroppedGroups([], rows.length), hourSeriesReason(scope.minLearners as number)), warnings);
    }
    // The cube's dimensions in a canonical order (bucket, then the groupBy texts sorted), so the
    // same shape asked with groupBy in another order is decided the same.
    const keyNames = [...(args.granularity === null ? [] : ['\u0000bucket']), ...groupBy.map((_g, i) => (args.groupBy ?? [])[i])];
    const canonical = keyNames.map((_n, i) => i).sort((a, b) => (keyNames[a] < keyNames[b] ? -1 : keyNames[a] > keyNames[b] ? 1 : 0));
    const cubeCells = fetched.map((r) => {
      const values = args.granularity === null ? [...r.group] : [r.bucket ?? '', ...r.group];
      const summed = (i: number) => (r.summedOut & (1 << (keyNames.length - 1 - i))) !== 0;
      return { values: canonical.map((i) => (summed(i) ? null : values[i])), learners: r.learners ?? 0 };
    });
    const hiddenCells = suppressedCube(cubeCells, scope.minLearners);
    const tableIndex = fetched.flatMap((r, i) => (r.summedOut === 0 ? [i] : []));
    const hidden = new Set(tableIndex.flatMap((cubeIndex, row) => (hiddenCells.has(cubeIndex) ? [row] : [])));
    const small = new Set([...hidden].filter((i) => isSmallGroup(scope, rows[i].learners ?? 0)));
    const complements = new Set([...hidden].filter((i) => !small.has(i)));
    const shown = dropAndBlank(result, small, complements, ['value']);
    const answer = markDroppedGroupsKept(shown.slice(0, limit), shown);
    return attachWarnings(answer, warnings);
  }
}
