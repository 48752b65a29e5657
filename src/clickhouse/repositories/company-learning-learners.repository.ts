import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { onDay } from '../rollup-source';
import { sql, type SqlFragment } from '../sql';
import { checkFigureLearnersSource, figureLearnersSourceFor, type FigureLearnersSource } from './figure-learners-source';

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
// The same groups from rollup_learner_figures_daily (0095): a count above 0 in any row of the period.
const ROLLUP_COLUMNS = sql`uniqExactIf(user_id, completions > 0) AS completers, uniqExactIf(user_id, certificates > 0) AS certified`;
const ROLLUP_ROWS = sql`(completions > 0 OR certificates > 0) AND company_id != ''`;
const parse = (r: Row): CompanyFigureLearners => ({ completers: Number(r.completers), certified: Number(r.certified) });

/**
 * For thresholded (partner) scopes only: rollup_company_learning keeps no per-figure learner
 * states, so the groups come from rollup_learner_figures_daily (0095) for whole UTC days and
 * from raw events otherwise.
 */
export class CompanyLearningLearnersRepository {
  constructor(private readonly db: ClickHouse) {}

  private from(source: FigureLearnersSource, scope: TenantScope, period: Period, companyIds: string[]): SqlFragment {
    return source === 'rollup'
      ? sql`${this.db.table('rollup_learner_figures_daily')} WHERE ${ROLLUP_ROWS} AND company_id IN ${companyIds} AND ${onDay(period)} AND ${scopeCondition(scope)}`
      : sql`${this.db.table('events')} WHERE ${TYPES} AND company_id IN ${companyIds} AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)}`;
  }

  async totals(
    scope: TenantScope,
    period: Period,
    companyIds: string[],
    source: FigureLearnersSource = figureLearnersSourceFor(period, null),
  ): Promise<Map<string, CompanyFigureLearners>> {
    checkFigureLearnersSource(source, period, null);
    const rollup = source === 'rollup';
    const rows = await this.db.query<Row>(
      rollup ? 'metrics.company_learning.figure_learners_rollup' : 'metrics.company_learning.figure_learners',
      sql`SELECT company_id, ${rollup ? ROLLUP_COLUMNS : COLUMNS} FROM ${this.from(source, scope, period, companyIds)} GROUP BY company_id`,
    );
    return new Map(rows.map((r) => [r.company_id, parse(r)]));
  }

  async perBucket(
    scope: TenantScope,
    period: Period,
    granularity: Granularity,
    companyIds: string[],
    source: FigureLearnersSource = figureLearnersSourceFor(period, granularity),
  ): Promise<Map<string, Map<string, CompanyFigureLearners>>> {
    checkFigureLearnersSource(source, period, granularity);
    const rollup = source === 'rollup';
    const bucket = bucketExpression(granularity, rollup ? 'day' : 'timestamp', period.timezone);
    const rows = await this.db.query<Row & { bucket: string }>(
      rollup ? 'metrics.company_learning.figure_learners_per_bucket_rollup' : 'metrics.company_learning.figure_learners_per_bucket',
      sql`SELECT company_id, ${bucket} AS bucket, ${rollup ? ROLLUP_COLUMNS : COLUMNS} FROM ${this.from(source, scope, period, companyIds)}
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
