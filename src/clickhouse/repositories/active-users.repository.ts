import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { identifier, join, sql } from '../sql';

export interface UtcRange {
  fromUtc: Date;
  toUtc: Date;
}

/** Distinct active users from rollup_active_users (uniqExact states: exact). */
export class ActiveUsersRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Distinct active users per calendar bucket; buckets with nobody are absent. */
  async perBucket(scope: TenantScope, period: Period, granularity: Granularity, platform: string | null): Promise<Map<string, number>> {
    const bucket = bucketExpression(granularity, 'hour', period.timezone);
    const rows = await this.db.query<{ bucket: string; users: string }>(
      'metrics.active_users.per_bucket',
      sql`SELECT ${bucket} AS bucket, uniqExactMerge(users) AS users
          FROM ${this.db.table('rollup_active_users')}
          WHERE ${periodCondition(period, 'hour')} AND ${scopeCondition(scope)} AND ${platform === null ? sql`1` : sql`platform = ${platform}`}
          GROUP BY bucket ORDER BY bucket`,
    );
    return new Map(rows.map((r) => [r.bucket, Number(r.users)]));
  }

  /** Distinct active users in each range, in one scan (merges only the hours of each range). */
  async distinctIn(scope: TenantScope, ranges: UtcRange[]): Promise<number[]> {
    const from = new Date(Math.min(...ranges.map((r) => r.fromUtc.getTime())));
    const to = new Date(Math.max(...ranges.map((r) => r.toUtc.getTime())));
    const columns = ranges.map((r, i) => sql`uniqExactMergeIf(users, hour >= ${r.fromUtc} AND hour < ${r.toUtc}) AS ${identifier(`r${i}`)}`);
    const rows = await this.db.query<Record<string, string>>(
      'metrics.active_users.distinct',
      sql`SELECT ${join(columns, ', ')} FROM ${this.db.table('rollup_active_users')}
          WHERE ${periodCondition({ fromUtc: from, toUtc: to }, 'hour')} AND ${scopeCondition(scope)}`,
    );
    return ranges.map((_, i) => Number(rows[0]?.[`r${i}`] ?? 0));
  }
}
