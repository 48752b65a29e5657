import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { CampaignPerformance } from '../schema/campaign-performance.type';
import { PeriodInput } from '../schema/period.input';
import { COST } from '../limits/costs';

@Resolver()
export class CampaignsResolver {
  @Query(() => [CampaignPerformance], {
    complexity: COST.ROLLUP_QUERY,
    description:
      'Sessions, users, signups and enrollments per UTM source / medium / campaign in the period, most users first (then most sessions, then by name). Served from the hourly rollup (rollup_acquisition); exact.',
  })
  campaignPerformance(
    @Arg('period', () => PeriodInput, { description: 'The half-open period [from, to) of calendar days, cut in its timezone.' }) period: PeriodInput,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only events of this company.' }) companyId: string | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'Most rows returned, 1 to 1000.' }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.campaigns.performance(ctx.scopeFor(companyId), period, limit);
  }
}
