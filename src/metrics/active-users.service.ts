import { ActiveUsersRepository } from '../clickhouse/repositories/active-users.repository';
import { bucketLabels, bucketStart, comparisonPeriod, resolvePeriod, trailingPeriod, type Period, type PeriodArgs } from '../domain/period';
import { needsLearnerCounts, suppressSeries, withholdSmallGroup } from '../domain/privacy';
import type { TenantScope } from '../domain/tenant-scope';
import type { CompareTo, Granularity } from '../domain/vocabulary';
import type { ServiceDeps } from './request-services';

/** The figures of activeUsersSummary (a request may want only some of them). */
export const SUMMARY_FIGURES: ReadonlySet<string> = new Set(['dailyAverage', 'weekly', 'monthly', 'stickiness']);

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
  async summary(
    periodArgs: PeriodArgs,
    companyId: string | null,
    compareTo: CompareTo | null = null,
    wanted: ReadonlySet<string> = SUMMARY_FIGURES,
  ): Promise<ActiveUsersSummary> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits);
    if (compareTo === null) return this.summaryOf(scope, period, wanted);
    const [current, comparison] = await Promise.all([
      this.summaryOf(scope, period, wanted),
      this.summaryOf(scope, comparisonPeriod(period, compareTo), wanted),
    ]);
    return { ...current, comparison };
  }

  /**
   * Only the figures in `wanted` are computed (the others are null): `weekly` alone is one
   * distinct count over 7 days instead of three statements. Each figure is withheld on its own
   * learners, so what is shown does not depend on what else was asked for.
   */
  private async summaryOf(scope: TenantScope, period: Period, wanted: ReadonlySet<string>): Promise<ActiveUsersSummary> {
    const last7 = trailingPeriod(period, 7);
    const last30 = trailingPeriod(period, 30);
    const average = wanted.has('dailyAverage');
    const stickinessWanted = wanted.has('stickiness');
    // A 30-day period is its own trailing 30 days: one per-day query serves both (bench: a third
    // of activeUsersSummary's ClickHouse time at 10M events).
    const sameDays = last30.fromUtc.getTime() === period.fromUtc.getTime() && last30.toUtc.getTime() === period.toUtc.getTime();
    const distinct = [
      ...(wanted.has('weekly') ? [['weekly', last7] as const] : []),
      ...(wanted.has('monthly') || stickinessWanted ? [['monthly', last30] as const] : []),
      ...(average && needsLearnerCounts(scope) ? [['inPeriod', period] as const] : []),
    ];
    const [daily, last30Daily, counts] = await Promise.all([
      average || (stickinessWanted && sameDays) ? this.repo.perBucket(scope, period, 'DAY', null) : null,
      stickinessWanted && !sameDays ? this.repo.perBucket(scope, last30, 'DAY', null) : null,
      distinct.length > 0
        ? this.repo.distinctIn(
            scope,
            distinct.map(([, p]) => p),
          )
        : [],
    ]);
    const count = (name: string) => {
      const i = distinct.findIndex(([n]) => n === name);
      return i < 0 ? null : counts[i];
    };
    const weekly = count('weekly');
    const monthly = count('monthly');
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const dailyLast30 = last30Daily ?? daily;
    const dailyAverage = average && daily ? sum(daily) / period.days : null;
    const stickiness = stickinessWanted && dailyLast30 && monthly !== null ? (monthly === 0 ? 0 : sum(dailyLast30) / 30 / monthly) : null;
    let summary: ActiveUsersSummary = { dailyAverage, weekly, monthly: wanted.has('monthly') ? monthly : null, stickiness };
    // Only figures that were computed are withheld (and so listed in extensions.privacy).
    if (weekly !== null) summary = withholdSmallGroup(scope, weekly, summary, ['weekly']);
    if (monthly !== null) summary = withholdSmallGroup(scope, monthly, summary, ['monthly', 'stickiness']);
    const inPeriod = count('inPeriod');
    return inPeriod === null ? summary : withholdSmallGroup(scope, inPeriod, summary, ['dailyAverage']);
  }
}
