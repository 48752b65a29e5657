import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { rawRevenue } from '../raw-rollup-states';
import { rollupSource, type RollupSource, type RollupTiers } from '../rollup-source';
import { sql, type SqlFragment } from '../sql';

/** Hourly states; periods whose buckets a UTC hour cannot cut (India, Nepal, Adelaide) are recomputed from raw events per quarter hour. */
const TIERS: RollupTiers = { hourly: 'rollup_revenue', raw: rawRevenue };

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

/** Distinct learners (non-empty user_id) behind the revenue figures: the privacy threshold of partner views. */
export interface RevenueLearners {
  /** Users with a payment.succeeded, per `${bucket}\u0000${currency}`. */
  perBucket: Map<string, number>;
  /** Users with a payment (succeeded or failed), per currency. */
  perCurrency: Map<string, number>;
  /** Users with a subscription event. */
  subscribers: number;
}

/** Payments and subscriptions from rollup_revenue (Decimal(18, 4) sum states: exact). */
export class RevenueRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Succeeded payments per (bucket, currency); pairs with no payment row are absent. */
  async perBucket(scope: TenantScope, period: Period, granularity: Granularity, currency: string | null): Promise<RevenueBucketRow[]> {
    const source = rollupSource(this.db, TIERS, [period], granularity);
    const bucket = bucketExpression(granularity, source.column, period.timezone);
    // The sum of Decimal(18, 4) is Decimal(38, 4); toString keeps it exact (JSON output would
    // print it as a number, which JavaScript reads as a double).
    const rows = await this.db.query<{ bucket: string; currency: string; amount: string; payments: string }>(
      'metrics.revenue.per_bucket',
      sql`SELECT ${bucket} AS bucket, toString(currency) AS currency, toString(sumMerge(amount)) AS amount, countMerge(payments_succeeded) AS payments
          FROM ${source.from}
          WHERE ${this.paymentRows(source, scope, period, currency)}
          GROUP BY bucket, currency ORDER BY bucket, currency`,
    );
    return rows.map((r) => ({ bucket: r.bucket, currency: r.currency, amount: r.amount, payments: Number(r.payments) }));
  }

  /** Totals per currency that had at least one payment (succeeded or failed) in the period. */
  async totals(scope: TenantScope, period: Period, currency: string | null): Promise<RevenueTotalRow[]> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<{ currency: string; amount: string; payments: string; failed: string }>(
      'metrics.revenue.totals',
      sql`SELECT toString(currency) AS currency, toString(sumMerge(amount)) AS amount,
                 countMerge(payments_succeeded) AS payments, countMerge(payments_failed) AS failed
          FROM ${source.from}
          WHERE ${this.paymentRows(source, scope, period, currency)}
          GROUP BY currency HAVING payments + failed > 0 ORDER BY currency`,
    );
    return rows.map((r) => ({ currency: r.currency, amount: r.amount, payments: Number(r.payments), failedPayments: Number(r.failed) }));
  }

  /** Subscription events in the period, whatever currency row they landed in. */
  async subscriptions(scope: TenantScope, period: Period): Promise<SubscriptionCounts> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<{ activated: string; cancelled: string }>(
      'metrics.revenue.subscriptions',
      sql`SELECT countMerge(subscriptions_activated) AS activated, countMerge(subscriptions_cancelled) AS cancelled
          FROM ${source.from}
          WHERE ${source.within(period)} AND ${scopeCondition(scope)}`,
    );
    return { activated: Number(rows[0]?.activated ?? 0), cancelled: Number(rows[0]?.cancelled ?? 0) };
  }

  /**
   * The learners behind every revenue figure, from RAW events (the rollup keeps no user
   * states), in one scan: GROUPING SETS give the (bucket, currency) pairs, the currencies over
   * the whole period and the grand total; grouping() tells them apart (a bit is 1 for a key
   * the row is aggregated over).
   */
  async learners(scope: TenantScope, period: Period, granularity: Granularity): Promise<RevenueLearners> {
    const bucket = bucketExpression(granularity, 'timestamp', period.timezone);
    const rows = await this.db.query<{ level: number | string; bucket: string; currency: string; payers: string; paying: string; subscribers: string }>(
      'metrics.revenue.learners',
      sql`SELECT grouping(bucket, currency) AS level, bucket, currency,
                 uniqExactIf(user_id, type = 'payment.succeeded') AS payers,
                 uniqExactIf(user_id, type IN ('payment.succeeded', 'payment.failed')) AS paying,
                 uniqExactIf(user_id, type IN ('subscription.activated', 'subscription.cancelled')) AS subscribers
          FROM (
            SELECT ${bucket} AS bucket, toString(currency) AS currency, type, user_id
            FROM ${this.db.table('events')}
            WHERE type IN ('payment.succeeded', 'payment.failed', 'subscription.activated', 'subscription.cancelled')
              AND user_id != '' AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)}
          )
          GROUP BY GROUPING SETS ((bucket, currency), (currency), ())`,
    );
    const result: RevenueLearners = { perBucket: new Map(), perCurrency: new Map(), subscribers: 0 };
    for (const r of rows) {
      const level = Number(r.level);
      if (level === 0) result.perBucket.set(`${r.bucket}\u0000${r.currency}`, Number(r.payers));
      else if (level === 2) result.perCurrency.set(r.currency, Number(r.paying));
      else if (level === 3) result.subscribers = Number(r.subscribers);
    }
    return result;
  }

  /** Subscription events carry no currency and land in the currency '' rows; payments never do. */
  private paymentRows(source: RollupSource, scope: TenantScope, period: Period, currency: string | null): SqlFragment {
    return sql`${source.within(period)} AND ${scopeCondition(scope)} AND ${currency === null ? sql`currency != ''` : sql`currency = ${currency}`}`;
  }
}
