import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Granularity } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { RevenueService } from '../metrics/revenue.service';
import { GranularityEnum } from '../schema/enums';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import { Revenue, REVENUE_QUERY } from '../schema/revenue.type';
import type { Context } from './context';

@Resolver()
export class RevenueResolver {
  @Query(() => Revenue, { complexity: COST.ROLLUP_QUERY, description: REVENUE_QUERY })
  revenue(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY, description: 'Bucket size of the series.' }) granularity: Granularity,
    @Arg('currency', () => String, { nullable: true, description: 'Only payments in this ISO-4217 currency (three capital letters, e.g. EUR).' })
    currency: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(RevenueService).revenue(period, companyId ?? null, granularity, currency ?? null);
  }
}
