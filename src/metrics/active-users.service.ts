import { ActiveUsersRepository } from '../clickhouse/repositories/active-users.repository';
import { bucketLabels, bucketStart, comparisonPeriod, resolvePeriod, trailingPeriod, type Period, type PeriodArgs } from '../domain/period';
import { needsLearnerCounts, suppressSeries, withholdSmallGroup } from '../domain/privacy';
import type { TenantScope } from '../domain/tenant-scope';
import type { CompareTo, Granularity } from '../domain/vocabulary';
import type { ServiceDeps } from './request-services';

export type ActiveUsersReader = Pick<ActiveUsersRepository, 'perBucket' | 'distinctIn'>;

/** `value` is null when withheld by the privacy threshold (partner views, src/domain/privacy.ts). */
export interface DailyPoint {
  date: string;
  value: number | null;
}

export interface BucketPoint {
  bucket: string;
  start: Date;
  value: number | null;
}

/** Figures are null when withheld by the privacy threshold (partner views). */
export interface ActiveUsersSummary {
  dailyAverage: number | null;
  weekly: number | null;
  monthly: number | null;
  stickiness: number | null;
  /** The same figures for the comparison period, when one was asked for. */
  comparison?: ActiveUsersSummary;
}

/** Active users: distinct user_id with at least one event in the bucket (design.md). */
export class ActiveUsersService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: ActiveUsersReader = new ActiveUsersRepository(deps.db),
  ) {}

  async dau(periodArgs: PeriodArgs, companyId: string | null, platform: string | null): Promise<DailyPoint[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    const values = await this.repo.perBucket(scope, period, 'DAY', platform);
    // A day's value is its count of distinct users: the privacy threshold compares it directly.
    const points: DailyPoint[] = bucketLabels(period, 'DAY').map((date) => ({ date, value: values.get(date) ?? 0 }));
    // Complementary along the days: dailyAverage (activeUsersSummary) times the days is their sum.
    return suppressSeries(scope, 'DAY', points, [{ fields: ['value'], learnersOf: (p) => p.value ?? 0 }]);
  }

  async perBucket(periodArgs: PeriodArgs, companyId: string | null, granularity: Granularity): Promise<BucketPoint[]> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits, granularity);
    const values = await this.repo.perBucket(scope, period, granularity, null);
    const points: BucketPoint[] = bucketLabels(period, granularity).map((bucket) => ({
      bucket,
      start: bucketStart(bucket, period.timezone),
      value: values.get(bucket) ?? 0,
    }));
    return suppressSeries(scope, granularity, points, [{ fields: ['value'], learnersOf: (p) => p.value ?? 0 }]);
  }

  /**
   * dailyAverage: mean DAU over the period's days. weekly / monthly: distinct users in the 7 /
   * 30 days ending at `to`. stickiness: mean DAU over those 30 days divided by monthly (0 when
   * nobody was active). Privacy threshold (partner views): weekly and monthly are learner
   * counts themselves; stickiness describes the 30-day population (monthly); dailyAverage the
   * distinct users of the period, one more column of the same query, asked for partners only.
   */
  async summary(periodArgs: PeriodArgs, companyId: string | null, compareTo: CompareTo | null = null): Promise<ActiveUsersSummary> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    if (compareTo === null) return this.summaryOf(scope, period);
    const [current, comparison] = await Promise.all([this.summaryOf(scope, period), this.summaryOf(scope, comparisonPeriod(period, compareTo))]);
    return { ...current, comparison };
  }

  private async summaryOf(scope: TenantScope, period: Period): Promise<ActiveUsersSummary> {
    const last7 = trailingPeriod(period, 7);
    const last30 = trailingPeriod(period, 30);
    // A 30-day period is its own trailing 30 days: one per-day query serves both (bench: a third
    // of activeUsersSummary's ClickHouse time at 10M events).
    const sameDays = last30.fromUtc.getTime() === period.fromUtc.getTime() && last30.toUtc.getTime() === period.toUtc.getTime();
    const [daily, last30Daily, [weekly, monthly, inPeriod]] = await Promise.all([
      this.repo.perBucket(scope, period, 'DAY', null),
      sameDays ? null : this.repo.perBucket(scope, last30, 'DAY', null),
      this.repo.distinctIn(scope, needsLearnerCounts(scope) ? [last7, last30, period] : [last7, last30]),
    ]);
    const dailyLast30 = last30Daily ?? daily;
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const dailyAverage = sum(daily) / period.days;
    const stickiness = monthly === 0 ? 0 : sum(dailyLast30) / 30 / monthly;
    let summary: ActiveUsersSummary = { dailyAverage, weekly, monthly, stickiness };
    summary = withholdSmallGroup(scope, weekly, summary, ['weekly']);
    summary = withholdSmallGroup(scope, monthly, summary, ['monthly', 'stickiness']);
    return withholdSmallGroup(scope, inPeriod ?? 0, summary, ['dailyAverage']);
  }
}
