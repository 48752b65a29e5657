import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { sql } from '../sql';

/**
 * Distinct sessions over RAW events. No rollup keeps sessions for all traffic (rollup_acquisition
 * only has UTM-attributed sessions), so this scans the period's events; it reads two columns
 * besides the sort key, and the period prunes partitions and granules by day.
 */
export class SessionsRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Distinct non-empty session_id per calendar bucket; buckets without sessions are absent. */
  async perBucket(scope: TenantScope, period: Period, granularity: Granularity): Promise<Map<string, number>> {
    const bucket = bucketExpression(granularity, 'timestamp', period.timezone);
    const rows = await this.db.query<{ bucket: string; sessions: string }>(
      'metrics.sessions.per_bucket',
      sql`SELECT ${bucket} AS bucket, uniqExact(session_id) AS sessions
          FROM ${this.db.table('events')}
          WHERE ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)} AND session_id != ''
          GROUP BY bucket ORDER BY bucket`,
    );
    return new Map(rows.map((r) => [r.bucket, Number(r.sessions)]));
  }
}
