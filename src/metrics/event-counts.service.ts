import type { ClickHouse } from '../clickhouse/client';
import { EventCountsRepository } from '../clickhouse/repositories/event-counts.repository';
import { checkEventType } from './argument-rules';
import { badUserInput } from './errors';
import type { Granularity } from './granularity';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import { needsLearnerCounts, withholdSmallGroup } from './privacy';
import type { TenantScope } from './scope';

export interface EventCount {
  bucket: string;
  start: Date;
  eventType: string;
  /** Null when withheld by the privacy threshold (partner views). */
  count: number | null;
}

/** Most types one eventCounts call may name (zero fill makes buckets x types rows). */
export const MAX_EVENT_TYPES = 50;

/** Events per calendar bucket and type, from the hourly rollup. */
export class EventCountsService {
  private readonly repo: EventCountsRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new EventCountsRepository(db);
  }

  /**
   * With `eventTypes`: every bucket x every named type, zero-filled, types in alphabetical
   * order within a bucket. Without: only the (bucket, type) pairs that had events.
   * Privacy threshold (partner views): a pair describes the distinct users of its events,
   * merged from the rollup's uniqExact state in the same query (zero-filled pairs have none).
   */
  async perBucket(scope: TenantScope, periodArgs: PeriodArgs, granularity: Granularity, eventTypes: readonly string[] | null): Promise<EventCount[]> {
    const types = eventTypes === null ? null : checkEventTypes(eventTypes);
    const period = resolvePeriod(periodArgs, this.limits, granularity);
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

function checkEventTypes(eventTypes: readonly string[]): string[] {
  if (eventTypes.length === 0) throw badUserInput('eventTypes', 'is empty; name at least one type, or leave it out for every type');
  if (eventTypes.length > MAX_EVENT_TYPES) throw badUserInput('eventTypes', `names ${eventTypes.length} types; at most ${MAX_EVENT_TYPES}`);
  eventTypes.forEach((t, i) => checkEventType(`eventTypes[${i}]`, t));
  return [...new Set(eventTypes)].sort();
}
