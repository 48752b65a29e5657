import { ActiveUsersRepository } from '../clickhouse/repositories/active-users.repository';
import type { ClickHouse } from '../clickhouse/client';
import type { Granularity } from './granularity';
import { bucketLabels, bucketStart, comparisonPeriod, resolvePeriod, trailingPeriod, type CompareTo, type Period, type PeriodArgs, type PeriodLimits } from './period';
import type { TenantScope } from './scope';

export interface DailyPoint {
  date: string;
  value: number;
}

export interface BucketPoint {
  bucket: string;
  start: Date;
  value: number;
}

export interface ActiveUsersSummary {
  dailyAverage: number;
  weekly: number;
  monthly: number;
  stickiness: number;
  /** The same figures for the comparison period, when one was asked for. */
  comparison?: ActiveUsersSummary;
}

/** Active users: distinct user_id with at least one event in the bucket (design.md). */
export class ActiveUsersService {
  private readonly repo: ActiveUsersRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new ActiveUsersRepository(db);
  }

  async dau(scope: TenantScope, periodArgs: PeriodArgs, platform: string | null): Promise<DailyPoint[]> {
    const period = resolvePeriod(periodArgs, this.limits);
    const values = await this.repo.perBucket(scope, period, 'DAY', platform);
    return bucketLabels(period, 'DAY').map((date) => ({ date, value: values.get(date) ?? 0 }));
  }

  async perBucket(scope: TenantScope, periodArgs: PeriodArgs, granularity: Granularity): Promise<BucketPoint[]> {
    const period = resolvePeriod(periodArgs, this.limits, granularity);
    const values = await this.repo.perBucket(scope, period, granularity, null);
    return bucketLabels(period, granularity).map((bucket) => ({ bucket, start: bucketStart(bucket, period.timezone), value: values.get(bucket) ?? 0 }));
  }

  /**
   * dailyAverage: mean DAU over the period's days. weekly / monthly: distinct users in the 7 /
   * 30 days ending at `to`. stickiness: mean DAU over those 30 days divided by monthly (0 when
   * nobody was active).
   */
  async summary(scope: TenantScope, periodArgs: PeriodArgs, compareTo: CompareTo | null = null): Promise<ActiveUsersSummary> {
    const period = resolvePeriod(periodArgs, this.limits);
    if (compareTo === null) return this.summaryOf(scope, period);
    const [current, comparison] = await Promise.all([this.summaryOf(scope, period), this.summaryOf(scope, comparisonPeriod(period, compareTo))]);
    return { ...current, comparison };
  }

  private async summaryOf(scope: TenantScope, period: Period): Promise<ActiveUsersSummary> {
    const last7 = trailingPeriod(period, 7);
    const last30 = trailingPeriod(period, 30);
    const [daily, dailyLast30, [weekly, monthly]] = await Promise.all([
      this.repo.perBucket(scope, period, 'DAY', null),
      this.repo.perBucket(scope, last30, 'DAY', null),
      this.repo.distinctIn(scope, [last7, last30]),
    ]);
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const dailyAverage = sum(daily) / period.days;
    const stickiness = monthly === 0 ? 0 : sum(dailyLast30) / 30 / monthly;
    return { dailyAverage, weekly, monthly, stickiness };
  }
}
