import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { sql } from '../sql';

/** The learners of each company figure that is not about all active learners (issue 13). */
export interface CompanyFigureLearners {
  /** course.completed: coursesCompleted. */
  completers: number;
  /** certificate.issued: certificatesIssued. */
  certified: number;
}

export const NO_COMPANY_FIGURE_LEARNERS: CompanyFigureLearners = { completers: 0, certified: 0 };

type Numeric = number | string;
interface Row {
  company_id: string;
  completers: Numeric;
  certified: Numeric;
}

const COLUMNS = sql`uniqExactIf(user_id, type = 'course.completed') AS completers, uniqExactIf(user_id, type = 'certificate.issued') AS certified`;
const TYPES = sql`type IN ('course.completed', 'certificate.issued') AND user_id != '' AND company_id != ''`;
const parse = (r: Row): CompanyFigureLearners => ({ completers: Number(r.completers), certified: Number(r.certified) });

/** From RAW events, for thresholded (partner) scopes only: rollup_company_learning keeps no per-figure learner states. */
export class CompanyLearningLearnersRepository {
  constructor(private readonly db: ClickHouse) {}

  async totals(scope: TenantScope, period: Period, companyIds: string[]): Promise<Map<string, CompanyFigureLearners>> {
    const rows = await this.db.query<Row>(
      'metrics.company_learning.figure_learners',
      sql`SELECT company_id, ${COLUMNS} FROM ${this.db.table('events')}
          WHERE ${TYPES} AND company_id IN ${companyIds} AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)}
          GROUP BY company_id`,
    );
    return new Map(rows.map((r) => [r.company_id, parse(r)]));
  }

  async perBucket(
    scope: TenantScope,
    period: Period,
    granularity: Granularity,
    companyIds: string[],
  ): Promise<Map<string, Map<string, CompanyFigureLearners>>> {
    const bucket = bucketExpression(granularity, 'timestamp', period.timezone);
    const rows = await this.db.query<Row & { bucket: string }>(
      'metrics.company_learning.figure_learners_per_bucket',
      sql`SELECT company_id, ${bucket} AS bucket, ${COLUMNS} FROM ${this.db.table('events')}
          WHERE ${TYPES} AND company_id IN ${companyIds} AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)}
          GROUP BY company_id, bucket`,
    );
    const result = new Map<string, Map<string, CompanyFigureLearners>>();
    for (const r of rows) {
      const buckets = result.get(r.company_id) ?? new Map<string, CompanyFigureLearners>();
      buckets.set(r.bucket, parse(r));
      result.set(r.company_id, buckets);
    }
    return result;
  }
}
