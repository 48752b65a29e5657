import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import type { Course as CourseModel } from '../metrics/course-engagement.service';
import { MAX_IDS, MAX_LIMIT } from '../metrics/id-arguments';
import { CourseEngagement } from '../schema/course-engagement.type';
import { CourseOrderEnum } from '../schema/course-order.enum';
import { Course } from '../schema/course.type';
import { PeriodInput } from '../schema/period.input';
import { COST, idsOrLimit, listCost } from '../limits/costs';

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => [Course], {
    complexity: listCost(COST.ROLLUP_QUERY, idsOrLimit()),
    description:
      'Courses with their engagement over the period. With `ids`: exactly those courses, in the order given, an id given twice listed once (courses without activity show zeros; orderBy and limit do not apply). Without: the courses with any learning event in the period, ordered by `orderBy`, at most `limit`. The engagement of every listed course is loaded in one query.',
  })
  courses(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('ids', () => [ID], { nullable: true, description: `The courses to report on, 1 to ${MAX_IDS}.` }) ids: string[] | null,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only learners of this company.' }) companyId: string | null,
    @Arg('orderBy', () => CourseOrderEnum, { defaultValue: CourseOrderEnum.ENROLLMENTS_DESC }) orderBy: CourseOrderEnum,
    @Arg('limit', () => Int, { defaultValue: 50, description: `Most courses listed when ids is absent, 1 to ${MAX_LIMIT}.` }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.courseEngagement.courses(ctx.scopeFor(companyId), period, ids ?? null, orderBy, limit);
  }

  @FieldResolver(() => CourseEngagement, { complexity: COST.ROLLUP_PER_ITEM })
  engagement(@Root() course: CourseModel, @Ctx() ctx: Context) {
    return ctx.services.courseEngagement.engagementOf(ctx.loaders, course);
  }
}
