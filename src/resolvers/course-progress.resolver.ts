import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { COST } from '../limits/costs';
import type { Course as CourseModel } from '../metrics/course-engagement.service';
import { CourseProgressService, type CourseProgressRef } from '../metrics/course-progress.service';
import { Course } from '../schema/course.type';
import { COURSE_PROGRESS_QUERY, CourseProgress, EnrollmentCohort, LargestDropOff, LessonProgress, ProgressDistribution } from '../schema/course-progress.type';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver(() => CourseProgress)
export class CourseProgressResolver {
  @Query(() => CourseProgress, { complexity: COST.ROLLUP_QUERY, description: COURSE_PROGRESS_QUERY })
  courseProgress(@Arg('courseId', () => ID) courseId: string, @Args() { period, companyId }: PeriodCompanyArgs, @Ctx() ctx: Context) {
    return ctx.services.get(CourseProgressService).progress(courseId, period, companyId ?? null);
  }

  @FieldResolver(() => Boolean)
  async inCatalog(@Root() ref: CourseProgressRef, @Ctx() ctx: Context) {
    return (await ctx.services.get(CourseProgressService).head(ref)).inCatalog;
  }

  @FieldResolver(() => String, { nullable: true })
  async title(@Root() ref: CourseProgressRef, @Ctx() ctx: Context) {
    return (await ctx.services.get(CourseProgressService).head(ref)).title;
  }

  @FieldResolver(() => Int, { nullable: true })
  async catalogVersion(@Root() ref: CourseProgressRef, @Ctx() ctx: Context) {
    return (await ctx.services.get(CourseProgressService).head(ref)).catalogVersion;
  }

  @FieldResolver(() => [LessonProgress], { complexity: COST.ROLLUP_QUERY })
  lessons(@Root() ref: CourseProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(CourseProgressService).lessons(ref);
  }

  @FieldResolver(() => LargestDropOff, { nullable: true, complexity: COST.ROLLUP_QUERY })
  largestDropOff(@Root() ref: CourseProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(CourseProgressService).largestDropOff(ref);
  }

  @FieldResolver(() => ProgressDistribution, { complexity: COST.ROLLUP_QUERY })
  progressDistribution(@Root() ref: CourseProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(CourseProgressService).distribution(ref);
  }

  @FieldResolver(() => EnrollmentCohort, { complexity: COST.ROLLUP_PER_ITEM })
  enrollmentCohort(@Root() ref: CourseProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(CourseProgressService).enrollmentCohort(ref);
  }
}

/** Course.progress: the same for each course of a `courses` list (its enrollment cohorts load in one query). */
@Resolver(() => Course)
export class CourseProgressOfCourseResolver {
  @FieldResolver(() => CourseProgress, { complexity: COST.ROLLUP_PER_ITEM, description: "courseProgress of this course under the list's period and company." })
  progress(@Root() course: CourseModel, @Ctx() ctx: Context) {
    return ctx.services.get(CourseProgressService).of(course.id, course.filter);
  }
}
