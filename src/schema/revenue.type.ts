import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';
import type { Revenue as RevenueModel, RevenuePoint as RevenuePointModel, RevenueTotal as RevenueTotalModel } from '../metrics/revenue.service';

const AMOUNT_FORMAT =
  'An exact decimal as a string (e.g. "49.9", "1234.5678", "0"; up to 4 decimals, no trailing zeros), so no float rounding happens on the way to the client.';

@ObjectType({ description: 'Succeeded payments of one currency in one calendar bucket. Served from the hourly rollup rollup_revenue.' })
export class RevenuePoint implements RevenuePointModel {
  @Field(() => String, { description: 'Bucket label in the period timezone: `YYYY-MM-DD` (first day of the bucket) or `YYYY-MM-DDTHH:00` for hours.' })
  bucket: string;

  @Field(() => GraphQLDateTime, { description: 'The UTC instant the bucket starts at.' })
  start: Date;

  @Field(() => String, { description: 'ISO-4217 currency code.' })
  currency: string;

  @Field(() => String, {
    nullable: true,
    description: withheld(`Sum of amount over the \`payment.succeeded\` events of the bucket in this currency. ${AMOUNT_FORMAT}`),
  })
  amount: string | null;

  @Field(() => Int, { nullable: true, description: withheld('`payment.succeeded` events of the bucket in this currency.') })
  payments: number | null;
}

@ObjectType({ description: 'Payments of one currency over the whole period. Served from the hourly rollup rollup_revenue.' })
export class RevenueTotal implements RevenueTotalModel {
  @Field(() => String, { description: 'ISO-4217 currency code.' })
  currency: string;

  @Field(() => String, {
    nullable: true,
    description: withheld(`Sum of amount over the \`payment.succeeded\` events of the period in this currency. ${AMOUNT_FORMAT}`),
  })
  amount: string | null;

  @Field(() => Int, { nullable: true, description: withheld('`payment.succeeded` events of the period in this currency.') })
  payments: number | null;

  @Field(() => Int, { nullable: true, description: withheld('`payment.failed` events of the period in this currency (their amounts are not in `amount`).') })
  failedPayments: number | null;
}

@ObjectType({
  description:
    'Revenue of the period per currency (currencies are never added together) and subscription changes. Served from the hourly rollup rollup_revenue; sums are exact Decimal(18, 4) arithmetic.',
})
export class Revenue implements RevenueModel {
  @Field(() => [RevenuePoint], {
    description: 'One point per bucket and currency, ordered by bucket then currency, zero-filled for every currency listed in `totals`.',
  })
  series: RevenuePoint[];

  @Field(() => [RevenueTotal], {
    description:
      'One row per currency that had a payment (succeeded or failed) in the period, by currency code; with `currency`, exactly that currency (zeros when it had none).',
  })
  totals: RevenueTotal[];

  @Field(() => Int, {
    nullable: true,
    description: withheld('`subscription.activated` events in the period. Not filtered by `currency` (subscription events carry none). From the rollup.'),
  })
  subscriptionsActivated: number | null;

  @Field(() => Int, { nullable: true, description: withheld('`subscription.cancelled` events in the period. Not filtered by `currency`. From the rollup.') })
  subscriptionsCancelled: number | null;
}

export const REVENUE_QUERY =
  'Revenue (sum of amount over `payment.succeeded` events) per calendar bucket and currency, totals per currency with failed payments, and subscriptions activated and cancelled in the period. Amounts are exact decimal strings. Served from the hourly rollup (rollup_revenue).';
