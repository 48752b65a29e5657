import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { MAX_IDS, MAX_LIMIT } from '../domain/arguments';
import type { CourseOrder } from '../domain/vocabulary';
import { COST, idsOrLimit, listCost } from '../limits/costs';
import { CourseEngagementService, type Course as CourseModel } from '../metrics/course-engagement.service';
import { CourseEngagement } from '../schema/course-engagement.type';
import { Course, COURSES_QUERY } from '../schema/course.type';
import { CourseOrderEnum } from '../schema/enums';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => [Course], { complexity: listCost(COST.ROLLUP_QUERY, idsOrLimit()), description: COURSES_QUERY })
  courses(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('ids', () => [ID], { nullable: true, description: `The courses to report on, 1 to ${MAX_IDS}.` }) ids: string[] | null,
    @Arg('orderBy', () => CourseOrderEnum, { defaultValue: CourseOrderEnum.ENROLLMENTS_DESC }) orderBy: CourseOrder,
    @Arg('limit', () => Int, { defaultValue: 50, description: `Most courses listed when ids is absent, 1 to ${MAX_LIMIT}.` }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(CourseEngagementService).courses(period, companyId ?? null, ids ?? null, orderBy, limit);
  }

  @FieldResolver(() => CourseEngagement, { complexity: COST.ROLLUP_PER_ITEM })
  engagement(@Root() course: CourseModel, @Ctx() ctx: Context) {
    return ctx.services.get(CourseEngagementService).engagementOf(course);
  }
}
