import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import type { CompanyLearningSummary as SummaryModel } from '../metrics/company-learning.service';
import { MAX_IDS, MAX_LIMIT } from '../metrics/id-arguments';
import { CompanyLearningPoint, CompanyLearningSummary } from '../schema/company.type';
import { GranularityEnum } from '../schema/enums';
import { PeriodInput } from '../schema/period.input';
import { COST, idsOrLimit, listCost } from '../limits/costs';

@Resolver(() => CompanyLearningSummary)
export class CompanyResolver {
  @Query(() => CompanyLearningSummary, { complexity: COST.ROLLUP_QUERY, description: 'Learning by one company\'s learners over the period, with a zero-filled series when `granularity` is given.' })
  companyLearningSummary(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('granularity', () => GranularityEnum, { nullable: true, description: 'Bucket size of `series`; without it `series` is null.' }) granularity: GranularityEnum | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.companyLearning.summary(ctx.loaders, ctx.scopeFor(companyId), companyId, period, granularity ?? null);
  }

  @Query(() => [CompanyLearningSummary], {
    complexity: listCost(COST.ROLLUP_QUERY, idsOrLimit(MAX_LIMIT)),
    description: `Learning per company over the period, all loaded in one query. With \`ids\`: exactly those companies, in the order given, an id given twice listed once (zeros when no activity). Without: the companies with any event in the period, most active learners first (ties by company id), at most ${MAX_LIMIT}.`,
  })
  companies(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('ids', () => [ID], { nullable: true, description: `The companies to report on, 1 to ${MAX_IDS}.` }) ids: string[] | null,
    @Ctx() ctx: Context,
  ) {
    // Every named company goes through the tenancy decision: a partner naming another company is FORBIDDEN.
    for (const id of ids ?? []) ctx.scopeFor(id);
    return ctx.services.companyLearning.companies(ctx.loaders, ctx.scopeFor(null), ids ?? null, period);
  }

  @FieldResolver(() => [CompanyLearningPoint], { complexity: COST.ROLLUP_PER_ITEM, nullable: true })
  series(@Root() summary: SummaryModel, @Ctx() ctx: Context) {
    return ctx.services.companyLearning.series(ctx.loaders, summary);
  }
}
