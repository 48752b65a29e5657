import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { ContentKind } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { ContentService } from '../metrics/content.service';
import { ContentStats, TOP_CONTENT_QUERY } from '../schema/content-stats.type';
import { ContentKindEnum } from '../schema/enums';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver()
export class ContentResolver {
  @Query(() => [ContentStats], { complexity: COST.ROLLUP_QUERY, description: TOP_CONTENT_QUERY })
  topContent(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('kind', () => ContentKindEnum, { description: 'Rank courses, lessons or pages.' }) kind: ContentKind,
    @Arg('limit', () => Int, {
      defaultValue: 10,
      description: 'Most rows returned, 1 to 1000. Partner views withhold on the whole list (at most 10,000 groups, else BAD_USER_INPUT), then cut it.',
    })
    limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(ContentService).top(period, companyId ?? null, kind, limit);
  }
}
