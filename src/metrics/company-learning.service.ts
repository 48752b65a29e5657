import { CompanyLearningRepository, type CompanyLearningCounts } from '../clickhouse/repositories/company-learning.repository';
import { checkId, checkIdList, MAX_LIMIT } from '../domain/arguments';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import {
  CompanyLearningLearnersRepository,
  NO_COMPANY_FIGURE_LEARNERS,
  type CompanyFigureLearners,
} from '../clickhouse/repositories/company-learning-learners.repository';
import { needsLearnerCounts, suppressSeries, withholdSmallGroup, type MaybeWithheld } from '../domain/privacy';
import type { TenantScope } from '../domain/tenant-scope';
import type { Granularity } from '../domain/vocabulary';
import { groupedLoader } from './grouped-loader';
import { seriesKey, totalsKey, type MetricFilter, type SeriesFilter } from './metric-filter';
import type { ServiceDeps } from './request-services';

export type CompanyLearningReader = Pick<CompanyLearningRepository, 'totals' | 'perBucket' | 'listActive'>;
export type CompanyFigureLearnersReader = Pick<CompanyLearningLearnersRepository, 'totals' | 'perBucket'>;

export const NO_COMPANY_LEARNING: CompanyLearningCounts = { activeLearners: 0, coursesCompleted: 0, learningTimeSeconds: 0, certificatesIssued: 0 };
const FIGURES = ['activeLearners', 'coursesCompleted', 'learningTimeSeconds', 'certificatesIssued'] as const;

/**
 * Figures are null when withheld by the privacy threshold (partner views), each on the
 * learners it describes (issue 13): activeLearners and learningTimeSeconds on the active
 * learners, coursesCompleted on the completers, certificatesIssued on the certificate holders.
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

/**
 * Learning per enterprise customer from rollup_company_learning. Reads go through this
 * request's loaders, so any number of companies under one period and scope cost one query.
 */
export class CompanyLearningService {
  /** This request's loaders: ids asked under one filter in one tick are fetched by one query. */
  private readonly totals;
  private readonly buckets;
  private readonly figureLearners;
  private readonly figureLearnersPerBucket;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: CompanyLearningReader = new CompanyLearningRepository(deps.db),
    learnersRepo: CompanyFigureLearnersReader = new CompanyLearningLearnersRepository(deps.db),
  ) {
    this.figureLearners = groupedLoader({
      groupKey: totalsKey,
      fetch: (f: MetricFilter, ids) => learnersRepo.totals(f.scope, f.period, ids),
      missing: () => NO_COMPANY_FIGURE_LEARNERS,
    });
    this.figureLearnersPerBucket = groupedLoader({
      groupKey: seriesKey,
      fetch: (f: SeriesFilter, ids) => learnersRepo.perBucket(f.scope, f.period, f.granularity, ids),
      missing: () => new Map<string, CompanyFigureLearners>(),
    });
    this.totals = groupedLoader({
      groupKey: totalsKey,
      fetch: (f: MetricFilter, ids) => repo.totals(f.scope, f.period, ids),
      missing: () => NO_COMPANY_LEARNING,
    });
    this.buckets = groupedLoader({
      groupKey: seriesKey,
      fetch: (f: SeriesFilter, ids) => repo.perBucket(f.scope, f.period, f.granularity, ids),
      missing: () => new Map<string, CompanyLearningCounts>(),
    });
  }

  /** companyLearningSummary: the company asked for is also the tenancy decision's company. */
  async summary(companyId: string, periodArgs: PeriodArgs, granularity: Granularity | null): Promise<CompanyLearningSummary> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    checkId('companyId', companyId);
    return this.load(this.filter(scope, periodArgs, granularity), companyId, granularity);
  }

  /**
   * companies: with `ids`, exactly those companies in the order given (each one goes through
   * the tenancy decision: a partner naming another company is FORBIDDEN); without, the
   * companies with any event in the period that the viewer may read, most active learners
   * first, at most MAX_LIMIT.
   */
  async companies(ids: readonly string[] | null, periodArgs: PeriodArgs): Promise<CompanyLearningSummary[]> {
    for (const id of ids ?? []) this.deps.tenancy.scopeFor(id);
    const scope = this.deps.tenancy.scopeFor(null);
    const companyIds = ids === null ? null : checkIdList('ids', ids);
    const filter = this.filter(scope, periodArgs, null);
    const listed = companyIds ?? (await this.repo.listActive(filter.scope, filter.period, MAX_LIMIT));
    return Promise.all(listed.map((id) => this.load(filter, id, null)));
  }

  /** Zero-filled buckets when a granularity was given, else null. */
  async series(summary: CompanyLearningSummary): Promise<CompanyLearningPoint[] | null> {
    const { granularity, filter } = summary;
    if (granularity === null) return null;
    const period = resolvePeriod(filter.periodArgs, this.deps.periodLimits, granularity);
    const buckets = await this.buckets.load({ group: { ...filter, period, granularity }, id: summary.companyId });
    const points: CompanyLearningPoint[] = bucketLabels(period, granularity).map((bucket) => ({
      bucket,
      start: bucketStart(bucket, period.timezone),
      ...(buckets.get(bucket) ?? NO_COMPANY_LEARNING),
    }));
    const scope = filter.scope;
    if (!needsLearnerCounts(scope)) return points;
    const learners = await this.figureLearnersPerBucket.load({ group: { ...filter, period, granularity }, id: summary.companyId });
    const of = (p: CompanyLearningPoint) => learners.get(p.bucket) ?? NO_COMPANY_FIGURE_LEARNERS;
    return suppressSeries(scope, granularity, points, [
      { fields: ['activeLearners', 'learningTimeSeconds'], learnersOf: (p) => p.activeLearners ?? 0 },
      { fields: ['coursesCompleted'], learnersOf: (p) => of(p).completers },
      { fields: ['certificatesIssued'], learnersOf: (p) => of(p).certified },
    ]);
  }

  private async load(filter: MetricFilter, companyId: string, granularity: Granularity | null): Promise<CompanyLearningSummary> {
    const counts = await this.totals.load({ group: filter, id: companyId });
    const scope = filter.scope;
    let summary = withholdSmallGroup(scope, counts.activeLearners, { companyId, ...counts, filter, granularity } as CompanyLearningSummary, FIGURES);
    if (!needsLearnerCounts(scope)) return summary;
    const learners = await this.figureLearners.load({ group: filter, id: companyId });
    summary = withholdSmallGroup(scope, learners.completers, summary, ['coursesCompleted']);
    return withholdSmallGroup(scope, learners.certified, summary, ['certificatesIssued']);
  }

  // The granularity is checked here too so an HOUR series over a long period fails before any query.
  private filter(scope: TenantScope, periodArgs: PeriodArgs, granularity: Granularity | null): MetricFilter {
    return { scope, period: resolvePeriod(periodArgs, this.deps.periodLimits, granularity ?? 'DAY'), periodArgs };
  }
}
