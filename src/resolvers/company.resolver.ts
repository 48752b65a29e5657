import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { MAX_IDS, MAX_LIMIT } from '../domain/arguments';
import type { Granularity } from '../domain/vocabulary';
import { COST, idsOrLimit, listCost } from '../limits/costs';
import { CompanyLearningService, type CompanyLearningSummary as SummaryModel } from '../metrics/company-learning.service';
import { COMPANY_QUERIES, CompanyLearningPoint, CompanyLearningSummary } from '../schema/company.type';
import { GranularityEnum } from '../schema/enums';
import { PeriodInput } from '../schema/period.input';
import type { Context } from './context';

@Resolver(() => CompanyLearningSummary)
export class CompanyResolver {
  @Query(() => CompanyLearningSummary, { complexity: COST.ROLLUP_QUERY, description: COMPANY_QUERIES.companyLearningSummary })
  companyLearningSummary(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('granularity', () => GranularityEnum, { nullable: true, description: 'Bucket size of `series`; without it `series` is null.' })
    granularity: Granularity | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(CompanyLearningService).summary(companyId, period, granularity ?? null);
  }

  @Query(() => [CompanyLearningSummary], { complexity: listCost(COST.ROLLUP_QUERY, idsOrLimit(MAX_LIMIT)), description: COMPANY_QUERIES.companies })
  companies(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('ids', () => [ID], { nullable: true, description: `The companies to report on, 1 to ${MAX_IDS}.` }) ids: string[] | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(CompanyLearningService).companies(ids ?? null, period);
  }

  @FieldResolver(() => [CompanyLearningPoint], { complexity: COST.ROLLUP_PER_ITEM, nullable: true })
  series(@Root() summary: SummaryModel, @Ctx() ctx: Context) {
    return ctx.services.get(CompanyLearningService).series(summary);
  }
}
