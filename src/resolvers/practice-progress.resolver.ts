import { Arg, Args, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Granularity } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { MAX_PRACTICE_LEARNERS, PracticeProgressService, type PracticeProgressRef } from '../metrics/practice-progress.service';
import { GranularityEnum } from '../schema/enums';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import {
  PRACTICE_LEARNERS_QUERY,
  PRACTICE_PROGRESS_QUERY,
  PracticeBucket,
  PracticeCriterion,
  PracticeDurationBand,
  PracticeLearner,
  PracticeProgress,
  PracticeScenario,
} from '../schema/practice-progress.type';
import type { Context } from './context';

const GRANULARITY = { defaultValue: GranularityEnum.WEEK, description: 'Bucket size of the score progression (default WEEK).' };

/**
 * Each part of practiceProgress is one query, run only when selected: over the daily practice
 * rollups (0094) for whole UTC days, and at worst over raw practice_session.completed events of
 * the period (one type of the type-first sort key, the period's days), the same work as
 * quizItems or videoEngagement, which cost RAW_QUERY for the same reason. So the root (its totals query) costs RAW_QUERY and each selected part adds
 * RAW_QUERY (all four parts with totals: 125 points).
 */
@Resolver(() => PracticeProgress)
export class PracticeProgressResolver {
  @Query(() => PracticeProgress, { complexity: COST.RAW_QUERY, description: PRACTICE_PROGRESS_QUERY })
  practiceProgress(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('granularity', () => GranularityEnum, GRANULARITY) granularity: Granularity,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(PracticeProgressService).progress(period, companyId ?? null, granularity);
  }

  private async total(ref: PracticeProgressRef, ctx: Context) {
    return ctx.services.get(PracticeProgressService).totals(ref);
  }

  @FieldResolver(() => Int, { nullable: true })
  async sessions(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return (await this.total(ref, ctx)).sessions;
  }

  @FieldResolver(() => Int, { nullable: true })
  async learners(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return (await this.total(ref, ctx)).learners;
  }

  @FieldResolver(() => Float, { nullable: true })
  async averageScore(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return (await this.total(ref, ctx)).averageScore;
  }

  @FieldResolver(() => Float, { nullable: true })
  async practiceTimeSeconds(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return (await this.total(ref, ctx)).practiceTimeSeconds;
  }

  @FieldResolver(() => Float, { nullable: true })
  async averageDurationSeconds(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return (await this.total(ref, ctx)).averageDurationSeconds;
  }

  @FieldResolver(() => [PracticeBucket], { complexity: COST.RAW_QUERY })
  scoreProgression(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(PracticeProgressService).scoreProgression(ref);
  }

  @FieldResolver(() => [PracticeScenario], { complexity: COST.RAW_QUERY })
  scenarios(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(PracticeProgressService).scenarios(ref);
  }

  @FieldResolver(() => [PracticeCriterion], { complexity: COST.RAW_QUERY })
  strengthAreas(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(PracticeProgressService).strengthAreas(ref);
  }

  @FieldResolver(() => [PracticeDurationBand], { complexity: COST.RAW_QUERY })
  timeDistribution(@Root() ref: PracticeProgressRef, @Ctx() ctx: Context) {
    return ctx.services.get(PracticeProgressService).timeDistribution(ref);
  }
}

@Resolver()
export class PracticeLearnersResolver {
  @Query(() => [PracticeLearner], { complexity: COST.RAW_QUERY, description: PRACTICE_LEARNERS_QUERY })
  practiceLearners(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('granularity', () => GranularityEnum, GRANULARITY) granularity: Granularity,
    @Arg('userId', () => ID, { nullable: true, description: 'Only this learner.' }) userId: string | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: `Most learners listed, 1 to ${MAX_PRACTICE_LEARNERS}.` }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(PracticeProgressService).learners(period, companyId ?? null, granularity, userId ?? null, limit);
  }
}
