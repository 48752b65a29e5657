import { Arg, Ctx, FieldResolver, Float, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import type { CourseEngagement as CourseEngagementModel } from '../metrics/course-engagement.service';
import { CourseEngagement, CourseEngagementPoint } from '../schema/course-engagement.type';
import { GranularityEnum } from '../schema/enums';
import { PeriodInput } from '../schema/period.input';
import { COST, seriesCost } from '../limits/costs';

@Resolver(() => CourseEngagement)
export class CourseEngagementResolver {
  @Query(() => CourseEngagement, {
    complexity: COST.ROLLUP_QUERY,
    description:
      'Engagement with one course over the period, optionally of one company\'s learners. Several courseEngagement fields with the same period and company in one request are loaded in one query.',
  })
  courseEngagement(
    @Arg('courseId', () => ID) courseId: string,
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only learners of this company.' }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.courseEngagement.engagement(ctx.loaders, ctx.scopeFor(companyId), period, courseId);
  }

  @FieldResolver(() => Float, { complexity: COST.RAW_QUERY, nullable: true })
  cohortCompletionRate(@Root() engagement: CourseEngagementModel, @Ctx() ctx: Context) {
    return ctx.services.courseEngagement.cohortCompletionRate(ctx.loaders, engagement);
  }

  @FieldResolver(() => [CourseEngagementPoint], { complexity: seriesCost })
  series(
    @Root() engagement: CourseEngagementModel,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY, description: 'Bucket size; HOUR allows periods up to the 31-day limit.' }) granularity: GranularityEnum,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.courseEngagement.series(ctx.loaders, engagement, granularity);
  }
}
