import type { Granularity } from '../../metrics/granularity';
import { bucketExpression } from '../../metrics/granularity';
import type { Period } from '../../metrics/period';
import type { TenantScope } from '../../metrics/scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { sql, type SqlFragment } from '../sql';

/** Amounts are exact decimals rendered by ClickHouse's toString (no trailing zeros: "49.9", "0"). */
export interface RevenueBucketRow {
  bucket: string;
  currency: string;
  amount: string;
  payments: number;
}

export interface RevenueTotalRow {
  currency: string;
  amount: string;
  payments: number;
  failedPayments: number;
}

export interface SubscriptionCounts {
  activated: number;
  cancelled: number;
}

/** Payments and subscriptions from rollup_revenue (Decimal(18, 4) sum states: exact). */
export class RevenueRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Succeeded payments per (bucket, currency); pairs with no payment row are absent. */
  async perBucket(scope: TenantScope, period: Period, granularity: Granularity, currency: string | null): Promise<RevenueBucketRow[]> {
    const bucket = bucketExpression(granularity, 'hour', period.timezone);
    // The sum of Decimal(18, 4) is Decimal(38, 4); toString keeps it exact (JSON output would
    // print it as a number, which JavaScript reads as a double).
    const rows = await this.db.query<{ bucket: string; currency: string; amount: string; payments: string }>(
      'metrics.revenue.per_bucket',
      sql`SELECT ${bucket} AS bucket, toString(currency) AS currency, toString(sumMerge(amount)) AS amount, countMerge(payments_succeeded) AS payments
          FROM ${this.db.table('rollup_revenue')}
          WHERE ${this.paymentRows(scope, period, currency)}
          GROUP BY bucket, currency ORDER BY bucket, currency`,
    );
    return rows.map((r) => ({ bucket: r.bucket, currency: r.currency, amount: r.amount, payments: Number(r.payments) }));
  }

  /** Totals per currency that had at least one payment (succeeded or failed) in the period. */
  async totals(scope: TenantScope, period: Period, currency: string | null): Promise<RevenueTotalRow[]> {
    const rows = await this.db.query<{ currency: string; amount: string; payments: string; failed: string }>(
      'metrics.revenue.totals',
      sql`SELECT toString(currency) AS currency, toString(sumMerge(amount)) AS amount,
                 countMerge(payments_succeeded) AS payments, countMerge(payments_failed) AS failed
          FROM ${this.db.table('rollup_revenue')}
          WHERE ${this.paymentRows(scope, period, currency)}
          GROUP BY currency HAVING payments + failed > 0 ORDER BY currency`,
    );
    return rows.map((r) => ({ currency: r.currency, amount: r.amount, payments: Number(r.payments), failedPayments: Number(r.failed) }));
  }

  /** Subscription events in the period, whatever currency row they landed in. */
  async subscriptions(scope: TenantScope, period: Period): Promise<SubscriptionCounts> {
    const rows = await this.db.query<{ activated: string; cancelled: string }>(
      'metrics.revenue.subscriptions',
      sql`SELECT countMerge(subscriptions_activated) AS activated, countMerge(subscriptions_cancelled) AS cancelled
          FROM ${this.db.table('rollup_revenue')}
          WHERE ${periodCondition(period, 'hour')} AND ${scopeCondition(scope)}`,
    );
    return { activated: Number(rows[0]?.activated ?? 0), cancelled: Number(rows[0]?.cancelled ?? 0) };
  }

  /** Subscription events carry no currency and land in the currency '' rows; payments never do. */
  private paymentRows(scope: TenantScope, period: Period, currency: string | null): SqlFragment {
    return sql`${periodCondition(period, 'hour')} AND ${scopeCondition(scope)} AND ${currency === null ? sql`currency != ''` : sql`currency = ${currency}`}`;
  }
}
