import type { ClickHouse } from '../clickhouse/client';
import { CompanyLearningRepository, type CompanyLearningCounts } from '../clickhouse/repositories/company-learning.repository';
import type { Granularity } from './granularity';
import { checkId, checkIdList, MAX_LIMIT } from './id-arguments';
import type { Loaders } from './loaders';
import type { MetricFilter, SeriesFilter } from './metric-filter';
import { withholdSmallGroup, withholdSmallGroups, type MaybeWithheld } from './privacy';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import type { TenantScope } from './scope';

export const NO_COMPANY_LEARNING: CompanyLearningCounts = { activeLearners: 0, coursesCompleted: 0, learningTimeSeconds: 0, certificatesIssued: 0 };
const FIGURES = ['activeLearners', 'coursesCompleted', 'learningTimeSeconds', 'certificatesIssued'] as const;

/**
 * Figures are null when withheld by the privacy threshold (partner views): every figure comes
 * from learning events of the company, whose distinct user_id are activeLearners (uniqExact).
 */
export interface CompanyLearningSummary extends MaybeWithheld<CompanyLearningCounts> {
  companyId: string;
  filter: MetricFilter;
  /** The granularity the series was asked at; null = no series. */
  granularity: Granularity | null;
}

export interface CompanyLearningPoint extends MaybeWithheld<CompanyLearningCounts> {
  bucket: string;
  start: Date;
}

/** Learning per enterprise customer from rollup_company_learning, batched through the per-request loaders. */
export class CompanyLearningService {
  private readonly repo: CompanyLearningRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new CompanyLearningRepository(db);
  }

  // Batch functions for the loaders (src/metrics/loaders.ts).
  fetchTotals = (f: MetricFilter, ids: string[]) => this.repo.totals(f.scope, f.period, ids);
  fetchSeries = (f: SeriesFilter, ids: string[]) => this.repo.perBucket(f.scope, f.period, f.granularity, ids);

  /** companyLearningSummary: `scope` is the tenancy decision for `companyId` itself. */
  async summary(loaders: Loaders, scope: TenantScope, companyId: string, periodArgs: PeriodArgs, granularity: Granularity | null): Promise<CompanyLearningSummary> {
    checkId('companyId', companyId);
    const filter = this.filter(scope, periodArgs, granularity);
    return this.load(loaders, filter, companyId, granularity);
  }

  /**
   * companies: with `ids`, exactly those companies in the order given; without, the companies
   * with any event in the period, most active learners first, at most MAX_LIMIT.
   */
  async companies(loaders: Loaders, scope: TenantScope, ids: readonly string[] | null, periodArgs: PeriodArgs): Promise<CompanyLearningSummary[]> {
    const companyIds = ids === null ? null : checkIdList('ids', ids);
    const filter = this.filter(scope, periodArgs, null);
    const listed = companyIds ?? (await this.repo.listActive(filter.scope, filter.period, MAX_LIMIT));
    return Promise.all(listed.map((id) => this.load(loaders, filter, id, null)));
  }

  /** Zero-filled buckets when a granularity was given, else null. */
  async series(loaders: Loaders, summary: CompanyLearningSummary): Promise<CompanyLearningPoint[] | null> {
    const { granularity, filter } = summary;
    if (granularity === null) return null;
    const period = resolvePeriod(filter.periodArgs, this.limits, granularity);
    const buckets = await loaders.companySeries.load({ group: { ...filter, period, granularity }, id: summary.companyId });
    const points: CompanyLearningPoint[] = bucketLabels(period, granularity).map((bucket) => ({ bucket, start: bucketStart(bucket, period.timezone), ...(buckets.get(bucket) ?? NO_COMPANY_LEARNING) }));
    return withholdSmallGroups(filter.scope, points, (p) => p.activeLearners ?? 0, FIGURES);
  }

  private async load(loaders: Loaders, filter: MetricFilter, companyId: string, granularity: Granularity | null): Promise<CompanyLearningSummary> {
    const counts = await loaders.companyLearning.load({ group: filter, id: companyId });
    return withholdSmallGroup(filter.scope, counts.activeLearners, { companyId, ...counts, filter, granularity } as CompanyLearningSummary, FIGURES);
  }

  // The granularity is checked here too so an HOUR series over a long period fails before any query.
  private filter(scope: TenantScope, periodArgs: PeriodArgs, granularity: Granularity | null): MetricFilter {
    return { scope, period: resolvePeriod(periodArgs, this.limits, granularity ?? 'DAY'), periodArgs };
  }
}
