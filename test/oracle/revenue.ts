/**
 * revenue: sums of amount over payment.succeeded per bucket and currency (exact decimals),
 * totals per currency with failed payments, subscription changes (not filtered by currency).
 */
import type { LearningEvent } from '../../src/domain/event';
import { decimalUnits, formatDecimal, scoped } from './common';
import { bucketLabels, bucketOf, bucketStart, eventMs, period, type Granularity, type PeriodArg } from './period';

export interface RevenuePoint {
  bucket: string;
  start: string;
  currency: string;
  amount: string;
  payments: number;
}
export interface RevenueTotal {
  currency: string;
  amount: string;
  payments: number;
  failedPayments: number;
}
export interface Revenue {
  series: RevenuePoint[];
  totals: RevenueTotal[];
  subscriptionsActivated: number;
  subscriptionsCancelled: number;
}

export function revenue(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; companyId?: string | null; currency?: string | null; granularity?: Granularity },
): Revenue {
  const p = period(args.period);
  const g = args.granularity ?? 'DAY';
  const inScope = scoped(events, p, args.companyId);
  const payments = inScope.filter(
    (e) => (e.type === 'payment.succeeded' || e.type === 'payment.failed') && (args.currency == null || e.currency === args.currency),
  );
  const currencies = args.currency ? [args.currency] : [...new Set(payments.map((e) => e.currency))].sort();
  const totals = currencies.map((currency): RevenueTotal => {
    const mine = payments.filter((e) => e.currency === currency);
    const succeeded = mine.filter((e) => e.type === 'payment.succeeded');
    return {
      currency,
      amount: formatDecimal(succeeded.reduce((acc, e) => acc + decimalUnits(e.amount as string), 0n)),
      payments: succeeded.length,
      failedPayments: mine.length - succeeded.length,
    };
  });
  const perBucket = new Map<string, { units: bigint; payments: number }>();
  for (const e of payments) {
    if (e.type !== 'payment.succeeded') continue;
    const key = `${bucketOf(eventMs(e), g, p.timezone)} ${e.currency}`;
    const acc = perBucket.get(key) ?? { units: 0n, payments: 0 };
    acc.units += decimalUnits(e.amount as string);
    acc.payments++;
    perBucket.set(key, acc);
  }
  const series: RevenuePoint[] = [];
  for (const bucket of bucketLabels(p, g)) {
    for (const currency of currencies) {
      const acc = perBucket.get(`${bucket} ${currency}`);
      series.push({ bucket, start: bucketStart(bucket, p.timezone), currency, amount: formatDecimal(acc?.units ?? 0n), payments: acc?.payments ?? 0 });
    }
  }
  return {
    series,
    totals,
    subscriptionsActivated: inScope.filter((e) => e.type === 'subscription.activated').length,
    subscriptionsCancelled: inScope.filter((e) => e.type === 'subscription.cancelled').length,
  };
}
