import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import { COST } from '../limits/costs';
import { CampaignsService } from '../metrics/campaigns.service';
import { CAMPAIGN_PERFORMANCE_QUERY, CampaignPerformance } from '../schema/campaign-performance.type';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver()
export class CampaignsResolver {
  @Query(() => [CampaignPerformance], { complexity: COST.ROLLUP_QUERY, description: CAMPAIGN_PERFORMANCE_QUERY })
  campaignPerformance(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('limit', () => Int, {
      defaultValue: 100,
      description: 'Most rows returned, 1 to 1000. Partner views withhold on the whole list (at most 10,000 groups, else BAD_USER_INPUT), then cut it.',
    })
    limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(CampaignsService).performance(period, companyId ?? null, limit);
  }
}
