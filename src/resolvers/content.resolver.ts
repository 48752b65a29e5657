import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { ContentKindEnum } from '../schema/content-kind.enum';
import { ContentStats } from '../schema/content-stats.type';
import { PeriodInput } from '../schema/period.input';
import { COST } from '../limits/costs';

@Resolver()
export class ContentResolver {
  @Query(() => [ContentStats], {
    complexity: COST.ROLLUP_QUERY,
    description:
      'The most viewed courses, lessons or pages of the period: content with at least one view, most views first (ties by id). Served from the hourly rollup (rollup_content); exact.',
  })
  topContent(
    @Arg('period', () => PeriodInput, { description: 'The half-open period [from, to) of calendar days, cut in its timezone.' }) period: PeriodInput,
    @Arg('kind', () => ContentKindEnum, { description: 'Rank courses, lessons or pages.' }) kind: ContentKindEnum,
    @Arg('limit', () => Int, { defaultValue: 10, description: 'Most rows returned, 1 to 1000.' }) limit: number,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only events of this company.' }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.content.top(ctx.scopeFor(companyId), period, kind, limit);
  }
}
