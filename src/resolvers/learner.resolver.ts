import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { COST } from '../limits/costs';
import { LearnerService, type LearnerRef } from '../metrics/learner.service';
import { Learner, LEARNER_QUERY, LearnerMetrics } from '../schema/learner.type';
import { PeriodInput } from '../schema/period.input';
import type { Context } from './context';

@Resolver(() => Learner)
export class LearnerResolver {
  @Query(() => Learner, { complexity: COST.RAW_QUERY, nullable: true, description: LEARNER_QUERY })
  learner(
    @Arg('userId', () => ID, { description: 'The user_id (letters, digits and _ . : -, at most 128 characters).' }) userId: string,
    @Arg('companyId', () => ID, { nullable: true, description: "Only this company's events of the learner." }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(LearnerService).find(userId, companyId ?? null);
  }

  @FieldResolver(() => LearnerMetrics, {
    complexity: COST.RAW_QUERY,
    description: "The learner's practice, courses and last activity in the period. From raw events, within the learner's company scope.",
  })
  metrics(
    @Root() learner: LearnerRef,
    @Arg('period', () => PeriodInput, { description: 'The half-open period [from, to) of calendar days, cut in its timezone.' }) period: PeriodInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(LearnerService).metrics(learner, period);
  }
}
