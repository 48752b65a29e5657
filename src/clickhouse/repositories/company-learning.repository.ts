import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { rawCompanyLearning } from '../raw-rollup-states';
import { rollupSource, type RollupTiers } from '../rollup-source';
import { param, sql } from '../sql';

/**
 * Daily states (0080) for UTC days, weeks, months; hourly states for HOUR and other whole-hour
 * zones; periods whose buckets a UTC hour cannot cut (India, Nepal, Adelaide) are recomputed
 * from raw events per quarter hour. Exact from every tier.
 */
const TIERS: RollupTiers = { daily: 'rollup_company_learning_daily', hourly: 'rollup_company_learning', raw: rawCompanyLearning };

export interface CompanyLearningCounts {
  activeLearners: number;
  coursesCompleted: number;
  learningTimeSeconds: number;
  certificatesIssued: number;
}

type Numeric = number | string;

interface CountsRow {
  company_id: string;
  active_learners: Numeric;
  courses_completed: Numeric;
  learning_time_seconds: Numeric;
  certificates_issued: Numeric;
}

const COUNTS = sql`uniqExactMerge(active_learners) AS active_learners, countMerge(courses_completed) AS courses_completed,
  sumMerge(learning_time_seconds) AS learning_time_seconds, countMerge(certificates_issued) AS certificates_issued`;

// UInt64 results arrive as JSON strings from a server (output_format_json_quote_64bit_integers)
// and as numbers from the embedded engine: Number() reads both.
const counts = (r: CountsRow): CompanyLearningCounts => ({
  activeLearners: Number(r.active_learners),
  coursesCompleted: Number(r.courses_completed),
  learningTimeSeconds: Number(r.learning_time_seconds),
  certificatesIssued: Number(r.certificates_issued),
});

/** Per-company learning from the company-learning rollups (daily or hourly states; uniqExact: exact). Solo learners are not in it. */
export class CompanyLearningRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Totals per company over the period; companies with no events are absent. */
  async totals(scope: TenantScope, period: Period, companyIds: string[]): Promise<Map<string, CompanyLearningCounts>> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<CountsRow>(
      'metrics.company_learning.totals',
      sql`SELECT company_id, ${COUNTS}
          FROM ${source.from}
          WHERE company_id IN ${companyIds} AND ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY company_id`,
    );
    return new Map(rows.map((r) => [r.company_id, counts(r)]));
  }

  /** Per company, per calendar bucket of the period timezone; empty buckets are absent. */
  async perBucket(
    scope: TenantScope,
    period: Period,
    granularity: Granularity,
    companyIds: string[],
  ): Promise<Map<string, Map<string, CompanyLearningCounts>>> {
    const source = rollupSource(this.db, TIERS, [period], granularity);
    const bucket = bucketExpression(granularity, source.column, period.timezone);
    const rows = await this.db.query<CountsRow & { bucket: string }>(
      'metrics.company_learning.per_bucket',
      sql`SELECT company_id, ${bucket} AS bucket, ${COUNTS}
          FROM ${source.from}
          WHERE company_id IN ${companyIds} AND ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY company_id, bucket ORDER BY company_id, bucket`,
    );
    const result = new Map<string, Map<string, CompanyLearningCounts>>();
    for (const r of rows) {
      const buckets = result.get(r.company_id) ?? new Map<string, CompanyLearningCounts>();
      buckets.set(r.bucket, counts(r));
      result.set(r.company_id, buckets);
    }
    return result;
  }

  /**
   * Companies with any event in the period (the rollup keeps a row for every company event,
   * learning or not), most active learners first, ties by id, at most `limit`.
   */
  async listActive(scope: TenantScope, period: Period, limit: number): Promise<string[]> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<{ company_id: string }>(
      'metrics.company_learning.list',
      sql`SELECT company_id FROM ${source.from}
          WHERE ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY company_id ORDER BY uniqExactMerge(active_learners) DESC, company_id LIMIT ${param(limit, 'UInt32')}`,
    );
    return rows.map((r) => r.company_id);
  }
}
