import { EventCountsRepository } from '../clickhouse/repositories/event-counts.repository';
import { checkEventTypes } from '../domain/arguments';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import { needsLearnerCounts, withholdSmallGroup } from '../domain/privacy';
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
    const withStart = (bucket: string, eventType: string, row: { count: number; learners: number | null } | undefined): EventCount => {
      const point: EventCount = { bucket, start: bucketStart(bucket, period.timezone), eventType, count: row?.count ?? 0 };
      return withholdSmallGroup(scope, row?.learners ?? 0, point, ['count']);
    };
    if (types === null) return rows.map((r) => withStart(r.bucket, r.eventType, r));
    const byKey = new Map(rows.map((r) => [`${r.bucket}\u0000${r.eventType}`, r]));
    return bucketLabels(period, granularity).flatMap((bucket) => types.map((t) => withStart(bucket, t, byKey.get(`${bucket}\u0000${t}`))));
  }
}
