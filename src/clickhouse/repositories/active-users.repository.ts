import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { rollupSource, type RollupTiers } from '../rollup-source';
import { identifier, join, sql } from '../sql';

/**
 * Active-user states (uniqExact: exact) per UTC day (0020) for UTC days, weeks, months and
 * years, per quarter hour (0021) for every other zone and for HOUR buckets.
 */
const TIERS: RollupTiers = { daily: 'rollup_active_users_daily', quarter: 'rollup_active_users_15m' };

/** Distinct active users from the active-user rollups. */
export class ActiveUsersRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Distinct active users per calendar bucket; buckets with nobody are absent. */
  async perBucket(scope: TenantScope, period: Period, granularity: Granularity, platform: string | null): Promise<Map<string, number>> {
    const source = rollupSource(this.db, TIERS, [period], granularity);
    const bucket = bucketExpression(granularity, source.column, period.timezone);
    const rows = await this.db.query<{ bucket: string; users: string }>(
      'metrics.active_users.per_bucket',
      sql`SELECT ${bucket} AS bucket, uniqExactMerge(users) AS users
          FROM ${source.from}
          WHERE ${source.within(period)} AND ${scopeCondition(scope)} AND ${platform === null ? sql`1` : sql`platform = ${platform}`}
          GROUP BY bucket ORDER BY bucket`,
    );
    return new Map(rows.map((r) => [r.bucket, Number(r.users)]));
  }

  /** Distinct active users in each period (calendar days of its zone), in one scan (merges only the states of each). */
  async distinctIn(scope: TenantScope, periods: Period[]): Promise<number[]> {
    const source = rollupSource(this.db, TIERS, periods, 'DAY');
    const from = new Date(Math.min(...periods.map((r) => r.fromUtc.getTime())));
    const to = new Date(Math.max(...periods.map((r) => r.toUtc.getTime())));
    const columns = periods.map((r, i) => sql`uniqExactMergeIf(users, ${source.within(r)}) AS ${identifier(`r${i}`)}`);
    const rows = await this.db.query<Record<string, string>>(
      'metrics.active_users.distinct',
      sql`SELECT ${join(columns, ', ')} FROM ${source.from}
          WHERE ${source.within({ fromUtc: from, toUtc: to })} AND ${scopeCondition(scope)}`,
    );
    return periods.map((_, i) => Number(rows[0]?.[`r${i}`] ?? 0));
  }
}
