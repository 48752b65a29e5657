import type { Period } from '../../domain/period';
import type { RetentionGranularity } from '../../domain/vocabulary';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { keyword, param, sql, type SqlFragment } from '../sql';

export interface RetentionQuery {
  period: Pick<Period, 'fromUtc' | 'toUtc' | 'timezone'>;
  cohortEventType: string;
  /** null = any event. */
  returnEventType: string | null;
  granularity: RetentionGranularity;
  periods: number;
  /** End of the last bucket any cohort can be followed into (UTC); bounds the scan of returns. */
  returnsUntilUtc: Date;
}

export interface RetainedRow {
  cohort: string;
  index: number;
  users: number;
}

/** First day (a Date in the period timezone) of the bucket a DateTime64 column falls in. */
function bucketDate(granularity: RetentionGranularity, column: 'timestamp' | 'first_at', timezone: string): SqlFragment {
  const day = sql`toDate(${keyword(column)}, ${timezone})`;
  switch (granularity) {
    case 'DAY':
      return day;
    case 'WEEK':
      return sql`toMonday(${day})`;
    case 'MONTH':
      return sql`toStartOfMonth(${day})`;
  }
}

/** Buckets between two bucket-start Dates. */
function bucketIndex(granularity: RetentionGranularity, from: SqlFragment, to: SqlFragment): SqlFragment {
  switch (granularity) {
    case 'DAY':
      return sql`dateDiff('day', ${from}, ${to})`;
    case 'WEEK':
      return sql`intDiv(dateDiff('day', ${from}, ${to}), 7)`;
    case 'MONTH':
      return sql`dateDiff('month', ${from}, ${to})`;
  }
}

/** Retention reads raw events: "first event of a type per user" is not in any rollup. */
export class RetentionRepository {
  constructor(private readonly db: ClickHouse) {}

  /**
   * Users whose first cohort event ever (in the scope) falls in the period, with that instant
   * and its bucket. No lower time bound: an earlier cohort event keeps a user out of the period.
   */
  private cohort(scope: TenantScope, q: RetentionQuery): SqlFragment {
    return sql`
      SELECT user_id, first_at, ${bucketDate(q.granularity, 'first_at', q.period.timezone)} AS cohort_start
      FROM (
        SELECT user_id, min(timestamp) AS first_at
        FROM ${this.db.table('events')}
        WHERE type = ${q.cohortEventType} AND user_id != '' AND timestamp < ${q.period.toUtc} AND ${scopeCondition(scope)}
        GROUP BY user_id
        HAVING first_at >= ${q.period.fromUtc}
      )`;
  }

  /** Cohort size per cohort bucket (label YYYY-MM-DD); empty buckets are absent. */
  async cohortSizes(scope: TenantScope, q: RetentionQuery): Promise<Map<string, number>> {
    const rows = await this.db.query<{ cohort: string; users: string }>(
      'metrics.retention.cohorts',
      sql`SELECT toString(cohort_start) AS cohort, count() AS users FROM (${this.cohort(scope, q)}) GROUP BY cohort`,
    );
    return new Map(rows.map((r) => [r.cohort, Number(r.users)]));
  }

  /**
   * Cohort members with a return event in each bucket since their cohort bucket (index 0 =
   * the cohort bucket itself). Only return events at or after the member's first cohort event
   * count, so the scan starts at the period start.
   */
  async retained(scope: TenantScope, q: RetentionQuery): Promise<RetainedRow[]> {
    const returnType = q.returnEventType === null ? sql`1` : sql`type = ${q.returnEventType}`;
    const index = bucketIndex(q.granularity, sql`c.cohort_start`, sql`r.bucket`);
    const rows = await this.db.query<{ cohort: string; bucket_index: string | number; users: string }>(
      'metrics.retention.retained',
      sql`SELECT toString(c.cohort_start) AS cohort, ${index} AS bucket_index, uniqExact(r.user_id) AS users
          FROM (
            SELECT user_id, timestamp, ${bucketDate(q.granularity, 'timestamp', q.period.timezone)} AS bucket
            FROM ${this.db.table('events')}
            WHERE ${returnType} AND user_id != '' AND timestamp >= ${q.period.fromUtc} AND timestamp < ${q.returnsUntilUtc} AND ${scopeCondition(scope)}
          ) AS r
          INNER JOIN (${this.cohort(scope, q)}) AS c ON r.user_id = c.user_id
          WHERE r.timestamp >= c.first_at AND bucket_index < ${param(q.periods, 'UInt32')}
          GROUP BY cohort, bucket_index`,
    );
    return rows.map((r) => ({ cohort: r.cohort, index: Number(r.bucket_index), users: Number(r.users) }));
  }
}
