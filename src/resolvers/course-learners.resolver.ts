import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { DEFAULT_AT_RISK_AFTER_DAYS, DEFAULT_INACTIVE_AFTER_DAYS, MAX_LEARNERS_LIMIT, type LearnerStatus } from '../domain/catalog';
import { COST } from '../limits/costs';
import { CourseLearnersService, type CourseLearners as CourseLearnersModel } from '../metrics/course-learners.service';
import { COURSE_LEARNERS_QUERY, CourseLearner, CourseLearnerCountsType, CourseLearners, LearnerStatusEnum } from '../schema/course-learners.type';
import type { Context } from './context';

@Resolver(() => CourseLearners)
export class CourseLearnersResolver {
  @Query(() => CourseLearners, { complexity: COST.ROLLUP_QUERY, description: COURSE_LEARNERS_QUERY })
  learners(
    @Arg('courseId', () => ID) courseId: string,
    @Arg('companyId', () => ID, { nullable: true, description: "Only this company's learners (a partner token always reads its own company)." })
    companyId: string | null,
    @Arg('status', () => LearnerStatusEnum, { nullable: true, description: 'Only learners with this status; all when absent.' }) status: LearnerStatus | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: `Most learners listed, 1 to ${MAX_LEARNERS_LIMIT}.` }) limit: number,
    @Arg('atRiskAfterDays', () => Int, {
      defaultValue: DEFAULT_AT_RISK_AFTER_DAYS,
      description: 'Days without learning activity on the course after which an enrolled learner is AT_RISK.',
    })
    atRiskAfterDays: number,
    @Arg('inactiveAfterDays', () => Int, {
      defaultValue: DEFAULT_INACTIVE_AFTER_DAYS,
      description: 'Days without learning activity on the course after which a learner is INACTIVE; more than atRiskAfterDays.',
    })
    inactiveAfterDays: number,
    @Arg('asOf', () => GraphQLDateTime, { nullable: true, description: 'Judge statuses at this instant (events up to the end of its hour); default now.' })
    asOf: Date | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services
      .get(CourseLearnersService)
      .learners({ courseId, companyId: companyId ?? null, status: status ?? null, limit, atRiskAfterDays, inactiveAfterDays, asOf });
  }
}

/** The list and the counts load only when selected (one query each). */
@Resolver(() => CourseLearners)
export class CourseLearnersFieldsResolver {
  @FieldResolver(() => [CourseLearner])
  learners(@Root() of: CourseLearnersModel, @Ctx() ctx: Context) {
    return ctx.services.get(CourseLearnersService).list(of);
  }

  @FieldResolver(() => CourseLearnerCountsType)
  counts(@Root() of: CourseLearnersModel, @Ctx() ctx: Context) {
    return ctx.services.get(CourseLearnersService).counts(of);
  }
}
