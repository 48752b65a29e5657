import { RevenueRepository, type RevenueLearners, type RevenueTotalRow } from '../clickhouse/repositories/revenue.repository';
import { checkCurrency } from '../domain/arguments';
import { bucketLabels, bucketStart, resolvePeriod, type PeriodArgs } from '../domain/period';
import {
  hourSeriesReason,
  isSmallGroup,
  markSeriesWithheld,
  markWithheld,
  needsLearnerCounts,
  withholdSmallGroup,
  type MaybeWithheld,
} from '../domain/privacy';
import { suppressedCells } from '../domain/suppression';
import type { TenantScope } from '../domain/tenant-scope';
import type { Granularity } from '../domain/vocabulary';
import type { ServiceDeps } from './request-services';

export type RevenueReader = Pick<RevenueRepository, 'perBucket' | 'totals' | 'subscriptions' | 'learners'>;

/** Figures are null when withheld by the privacy threshold (partner views). */
export interface RevenuePoint {
  bucket: string;
  start: Date;
  currency: string;
  amount: string | null;
  payments: number | null;
}

export type RevenueTotal = Pick<RevenueTotalRow, 'currency'> & MaybeWithheld<Omit<RevenueTotalRow, 'currency'>>;

export interface Revenue {
  series: RevenuePoint[];
  totals: RevenueTotal[];
  subscriptionsActivated: number | null;
  subscriptionsCancelled: number | null;
}

const NO_LEARNERS: RevenueLearners = { perBucket: new Map(), perCurrency: new Map(), subscribers: 0 };

/** Revenue per bucket and currency, totals and subscription counts, from the hourly revenue rollup. */
export class RevenueService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: RevenueReader = new RevenueRepository(deps.db),
  ) {}

  /**
   * Currencies are never added together. The series is zero-filled for every currency in
   * `totals` (the one asked for, or every currency with a payment in the period).
   * Privacy threshold (partner views): a series point describes its payers, a total the users
   * with a payment of that currency, the subscription counts the users with a subscription
   * event; one more query over raw events counts them, for partners only.
   */
  async revenue(periodArgs: PeriodArgs, companyId: string | null, granularity: Granularity, currency: string | null): Promise<Revenue> {
    const scope = this.deps.tenancy.scopeFor(companyId);
    if (currency !== null) checkCurrency('currency', currency);
    const period = resolvePeriod(periodArgs, this.deps.periodLimits, granularity);
    const [rows, found, subscriptions, learners] = await Promise.all([
      this.repo.perBucket(scope, period, granularity, currency),
      this.repo.totals(scope, period, currency),
      this.repo.subscriptions(scope, period),
      needsLearnerCounts(scope) ? this.repo.learners(scope, period, granularity) : NO_LEARNERS,
    ]);
    const listed: RevenueTotalRow[] = currency !== null && found.length === 0 ? [{ currency, amount: '0', payments: 0, failedPayments: 0 }] : found;
    const byKey = new Map(rows.map((r) => [`${r.bucket}\u0000${r.currency}`, r]));
    const points = bucketLabels(period, granularity).flatMap((bucket) =>
      listed.map(({ currency: c }) => {
        const row = byKey.get(`${bucket}\u0000${c}`);
        const point: RevenuePoint = {
          bucket,
          start: bucketStart(bucket, period.timezone),
          currency: c,
          amount: row?.amount ?? '0',
          payments: row?.payments ?? 0,
        };
        return point;
      }),
    );
    const series = this.suppressSeries(scope, granularity, points, (p) => learners.perBucket.get(`${p.bucket}\u0000${p.currency}`) ?? 0);
    const totals = listed.map((t) =>
      withholdSmallGroup(scope, learners.perCurrency.get(t.currency) ?? 0, t as RevenueTotal, ['amount', 'payments', 'failedPayments']),
    );
    const revenue: Revenue = { series, totals, subscriptionsActivated: subscriptions.activated, subscriptionsCancelled: subscriptions.cancelled };
    return withholdSmallGroup(scope, learners.subscribers, revenue, ['subscriptionsActivated', 'subscriptionsCancelled']);
  }

  /**
   * Privacy (partner views), issue 13: a point describes its payers. Complementary suppression
   * along the buckets of each currency (the totals are their sum); HOUR all-or-nothing.
   */
  private suppressSeries(scope: TenantScope, granularity: Granularity, points: RevenuePoint[], payers: (p: RevenuePoint) => number): RevenuePoint[] {
    if (!needsLearnerCounts(scope)) return points;
    const blank = (p: RevenuePoint) => markWithheld({ ...p, amount: null, payments: null }, ['amount', 'payments']);
    if (granularity === 'HOUR' && points.some((p) => isSmallGroup(scope, payers(p)))) {
      return markSeriesWithheld(points.map(blank), hourSeriesReason(scope.minLearners as number));
    }
    const hidden = suppressedCells(
      points.map((p) => ({ key: [p.bucket, p.currency], learners: payers(p) })),
      scope.minLearners,
      { additiveDimensions: [0] },
    );
    return points.map((p, i) => (hidden.has(i) ? blank(p) : p));
  }
}
