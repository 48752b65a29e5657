import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { rawEventCounts } from '../raw-rollup-states';
import { rollupSource, type RollupTiers } from '../rollup-source';
import { sql } from '../sql';

/** Hourly states; periods whose buckets a UTC hour cannot cut (India, Nepal, Adelaide) are recomputed from raw events per quarter hour. */
const TIERS: RollupTiers = { hourly: 'rollup_event_counts', raw: rawEventCounts };

export interface EventCountRow {
  bucket: string;
  eventType: string;
  count: number;
  /** Distinct non-empty user_id of those events, when asked for (the privacy threshold); else null. */
  learners: number | null;
}

/** Event counts per type from rollup_event_counts (countState per hour: exact). */
export class EventCountsRepository {
  constructor(private readonly db: ClickHouse) {}

  /**
   * Events per (bucket, type); pairs with no events are absent. `eventTypes` null = every type.
   * `withLearners` adds the distinct users of each pair from the rollup's uniqExact state.
   */
  async perBucket(scope: TenantScope, period: Period, granularity: Granularity, eventTypes: string[] | null, withLearners = false): Promise<EventCountRow[]> {
    const source = rollupSource(this.db, TIERS, [period], granularity);
    const bucket = bucketExpression(granularity, source.column, period.timezone);
    const rows = await this.db.query<{ bucket: string; type: string; events: string; learners?: string }>(
      'metrics.event_counts.per_bucket',
      sql`SELECT ${bucket} AS bucket, toString(type) AS type, countMerge(events) AS events${withLearners ? sql`, uniqExactMerge(users) AS learners` : sql``}
          FROM ${source.from}
          WHERE ${source.within(period)} AND ${scopeCondition(scope)} AND ${eventTypes === null ? sql`1` : sql`type IN ${eventTypes}`}
          GROUP BY bucket, type ORDER BY bucket, type`,
    );
    return rows.map((r) => ({ bucket: r.bucket, eventType: r.type, count: Number(r.events), learners: r.learners === undefined ? null : Number(r.learners) }));
  }
}
