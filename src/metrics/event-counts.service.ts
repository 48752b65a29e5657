import { EventCountsRepository } from '../clickhouse/repositories/event-counts.repository';
import { checkEventTypes } from '../domain/arguments';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import { dropAndBlank, hourSeriesReason, isSmallGroup, markSeriesWithheld, needsLearnerCounts } from '../domain/privacy';
import { suppressedCells } from '../domain/suppression';
import type { Granularity } from '../domain/vocabulary';
import type { ServiceDeps } from './request-services';

export type EventCountsReader = Pick<EventCountsRepository, 'perBucket'>;

export interface EventCount {
  bucket: string;
  start: Date;
  eventType: string;
  /** Null when withheld by the privacy threshold (partner views). */
  count: number | null;
}

/** Events per calendar bucket and type, from the hourly rollup. */
export class EventCountsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: EventCountsReader = new EventCountsRepository(deps.db),
  ) {}

  /**
   * With `eventTypes`: every bucket x every named type, zero-filled, types in alphabetical
   * order within a bucket. Without: only the (bucket, type) pairs that had events.
   * Privacy threshold (partner views): a pair describes the distinct users of its events,
   * merged from the rollup's uniqExact state in the same query (zero-filled pairs have none).
   */
  async perBucket(periodArgs: PeriodArgs, companyId: string | null, granularity: Granularity, eventTypes: readonly string[] | null): Promise<EventCount[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const types = eventTypes === null ? null : checkEventTypes('eventTypes', eventTypes);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits, granularity);
    const rows = await this.repo.perBucket(scope, period, granularity, types, needsLearnerCounts(scope));
    const withStart = (bucket: string, eventType: string, row: { count: number; learners: number | null } | undefined) => ({
      point: { bucket, start: bucketStart(bucket, period.timezone), eventType, count: row?.count ?? 0 } as EventCount,
      learners: row?.learners ?? 0,
    });
    let cells: { point: EventCount; learners: number }[];
    if (types === null) cells = rows.map((r) => withStart(r.bucket, r.eventType, r));
    else {
      const byKey = new Map(rows.map((r) => [`${r.bucket}\u0000${r.eventType}`, r]));
      cells = bucketLabels(period, granularity).flatMap((bucket) => types.map((t) => withStart(bucket, t, byKey.get(`${bucket}\u0000${t}`))));
    }
    const points = cells.map((c) => c.point);
    if (!needsLearnerCounts(scope)) return points;
    /**
     * Privacy (partner views), issue 13: a (bucket, type) pair describes the distinct users of
     * its events. Complementary suppression along the buckets of each type (a coarser
     * granularity gives the sum). Pairs listed because they had events (no eventTypes) are left
     * out when under k, their type would say someone did it; zero-filled pairs stay, blanked.
     * HOUR: all-or-nothing.
     */
    const hourBlocked =
      granularity === 'HOUR' &&
      (cells.some((c) => isSmallGroup(scope, c.learners)) || (types === null && cells.length < bucketLabels(period, granularity).length));
    const hidden = hourBlocked
      ? new Set(cells.map((_c, i) => i))
      : suppressedCells(
          cells.map((c) => ({ key: [c.point.bucket, c.point.eventType], learners: c.learners })),
          scope.minLearners,
          { additiveDimensions: [0] },
        );
    const drop = types === null ? new Set([...hidden].filter((i) => hourBlocked || isSmallGroup(scope, cells[i].learners))) : new Set<number>();
    const shown = dropAndBlank(points, drop, new Set([...hidden].filter((i) => !drop.has(i))), ['count']);
    return hourBlocked ? markSeriesWithheld(shown, hourSeriesReason(scope.minLearners as number)) : shown;
  }
}
