import { Arg, Args, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { COST } from '../limits/costs';
import { QuizItemsService } from '../metrics/quiz-items.service';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import { QUIZ_ITEMS_QUERY, QuizItemStats } from '../schema/quiz-items.type';
import type { Context } from './context';

@Resolver()
export class QuizItemsResolver {
  @Query(() => [QuizItemStats], { complexity: COST.RAW_QUERY, description: QUIZ_ITEMS_QUERY })
  quizItems(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('quizId', () => ID, { nullable: true, description: 'One quiz (quiz_id). Give this or courseId.' }) quizId: string | null,
    @Arg('courseId', () => ID, { nullable: true, description: 'Every quiz whose attempts name this course_id. Give this or quizId.' }) courseId: string | null,
    @Arg('limit', () => Int, { defaultValue: 50, description: 'Most quizzes returned, 1 to 500.' }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(QuizItemsService).quizItems(period, companyId ?? null, { quizId, courseId }, limit);
  }
}
