import { Arg, Args, Ctx, FieldResolver, Float, ID, Query, Resolver, Root } from 'type-graphql';
import type { Granularity } from '../domain/vocabulary';
import { COST, seriesCost } from '../limits/costs';
import { CourseEngagementService, type CourseEngagement as CourseEngagementModel } from '../metrics/course-engagement.service';
import { COURSE_ENGAGEMENT_QUERY, CourseEngagement, CourseEngagementPoint } from '../schema/course-engagement.type';
import { GranularityEnum } from '../schema/enums';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver(() => CourseEngagement)
export class CourseEngagementResolver {
  @Query(() => CourseEngagement, { complexity: COST.ROLLUP_QUERY, description: COURSE_ENGAGEMENT_QUERY })
  courseEngagement(@Arg('courseId', () => ID) courseId: string, @Args() { period, companyId }: PeriodCompanyArgs, @Ctx() ctx: Context) {
    return ctx.services.get(CourseEngagementService).engagement(courseId, period, companyId ?? null);
  }

  @FieldResolver(() => Float, { complexity: COST.RAW_QUERY, nullable: true })
  cohortCompletionRate(@Root() engagement: CourseEngagementModel, @Ctx() ctx: Context) {
    return ctx.services.get(CourseEngagementService).cohortCompletionRate(engagement);
  }

  @FieldResolver(() => [CourseEngagementPoint], { complexity: seriesCost })
  series(
    @Root() engagement: CourseEngagementModel,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY, description: 'Bucket size; HOUR allows periods up to the 31-day limit.' })
    granularity: Granularity,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(CourseEngagementService).series(engagement, granularity);
  }
}
