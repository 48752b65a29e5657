import type { ClickHouse } from '../clickhouse/client';
import { RevenueRepository, type RevenueTotalRow } from '../clickhouse/repositories/revenue.repository';
import { checkCurrency } from './argument-rules';
import type { Granularity } from './granularity';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs, type PeriodLimits } from './period';
import type { TenantScope } from './scope';

export interface RevenuePoint {
  bucket: string;
  start: Date;
  currency: string;
  amount: string;
  payments: number;
}

export type RevenueTotal = RevenueTotalRow;

export interface Revenue {
  series: RevenuePoint[];
  totals: RevenueTotal[];
  subscriptionsActivated: number;
  subscriptionsCancelled: number;
}

/** Revenue per bucket and currency, totals and subscription counts, from the hourly revenue rollup. */
export class RevenueService {
  private readonly repo: RevenueRepository;

  constructor(db: ClickHouse, private readonly limits: PeriodLimits) {
    this.repo = new RevenueRepository(db);
  }

  /**
   * Currencies are never added together. The series is zero-filled for every currency in
   * `totals` (the one asked for, or every currency with a payment in the period).
   */
  async revenue(scope: TenantScope, periodArgs: PeriodArgs, granularity: Granularity, currency: string | null): Promise<Revenue> {
    if (currency !== null) checkCurrency('currency', currency);
    const period = resolvePeriod(periodArgs, this.limits, granularity);
    const [rows, found, subscriptions] = await Promise.all([
      this.repo.perBucket(scope, period, granularity, currency),
      this.repo.totals(scope, period, currency),
      this.repo.subscriptions(scope, period),
    ]);
    const totals = currency !== null && found.length === 0 ? [{ currency, amount: '0', payments: 0, failedPayments: 0 }] : found;
    const byKey = new Map(rows.map((r) => [`${r.bucket}\u0000${r.currency}`, r]));
    const series = bucketLabels(period, granularity).flatMap((bucket) =>
      totals.map(({ currency: c }) => {
        const row = byKey.get(`${bucket}\u0000${c}`);
        return { bucket, start: bucketStart(bucket, period.timezone), currency: c, amount: row?.amount ?? '0', payments: row?.payments ?? 0 };
      }),
    );
    return { series, totals, subscriptionsActivated: subscriptions.activated, subscriptionsCancelled: subscriptions.cancelled };
  }
}
