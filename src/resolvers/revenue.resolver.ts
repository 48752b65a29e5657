import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { GranularityEnum } from '../schema/enums';
import { PeriodInput } from '../schema/period.input';
import { Revenue } from '../schema/revenue.type';
import { COST } from '../limits/costs';

@Resolver()
export class RevenueResolver {
  @Query(() => Revenue, {
    complexity: COST.ROLLUP_QUERY,
    description:
      'Revenue (sum of amount over `payment.succeeded` events) per calendar bucket and currency, totals per currency with failed payments, and subscriptions activated and cancelled in the period. Amounts are exact decimal strings. Served from the hourly rollup (rollup_revenue).',
  })
  revenue(
    @Arg('period', () => PeriodInput, { description: 'The half-open period [from, to) of calendar days, cut in its timezone.' }) period: PeriodInput,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY, description: 'Bucket size of the series.' }) granularity: GranularityEnum,
    @Arg('currency', () => String, { nullable: true, description: 'Only payments in this ISO-4217 currency (three capital letters, e.g. EUR).' }) currency: string | null,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only events of this company.' }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.revenue.revenue(ctx.scopeFor(companyId), period, granularity, currency ?? null);
  }
}
