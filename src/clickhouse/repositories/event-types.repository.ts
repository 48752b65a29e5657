import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { sql } from '../sql';

export interface EventTypeCountRow {
  type: string;
  count: number;
  /** Distinct non-empty user_id of those events, when asked for (the privacy threshold); else null. */
  learners: number | null;
}

/** Which event types are stored, from rollup_event_counts (countState per hour and type: exact). */
export class EventTypesRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Events per stored type in the scope, in the period or (null) ever; most frequent first. */
  async counts(scope: TenantScope, period: Period | null, withLearners: boolean): Promise<EventTypeCountRow[]> {
    const rows = await this.db.query<{ type: string; events: string; learners?: string }>(
      'metrics.event_types.counts',
      sql`SELECT toString(type) AS type, countMerge(events) AS events${withLearners ? sql`, uniqExactMerge(users) AS learners` : sql``}
          FROM ${this.db.table('rollup_event_counts')}
          WHERE ${period === null ? sql`1` : periodCondition(period, 'hour')} AND ${scopeCondition(scope)}
          GROUP BY type ORDER BY events DESC, type`,
    );
    return rows.map((r) => ({ type: r.type, count: Number(r.events), learners: r.learners === undefined ? null : Number(r.learners) }));
  }

  /**
   * Every type ever stored in the scope (the known names a typo is compared with). Reads only the
   * rollup's LowCardinality type column and company_id: no state is merged.
   */
  async seen(scope: TenantScope): Promise<string[]> {
    const rows = await this.db.query<{ type: string }>(
      'metrics.event_types.seen',
      sql`SELECT DISTINCT toString(type) AS type FROM ${this.db.table('rollup_event_counts')} WHERE ${scopeCondition(scope)} ORDER BY type LIMIT 10000`,
    );
    return rows.map((r) => r.type);
  }
}
