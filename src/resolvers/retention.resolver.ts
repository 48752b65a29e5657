import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { GranularityEnum } from '../schema/enums';
import { PeriodInput } from '../schema/period.input';
import { RetentionCohort } from '../schema/retention.type';
import { COST } from '../limits/costs';

@Resolver()
export class RetentionResolver {
  @Query(() => [RetentionCohort], {
    complexity: COST.RAW_QUERY,
    description:
      'Cohort retention over RAW events (exact, uniqExact). A cohort is the distinct users whose first cohortEventType event ever falls in the period, grouped by the calendar bucket (period timezone) of that event; one cohort per bucket of the period, zero-filled. retained[i] counts the members with a returnEventType event (any event when null) in the i-th bucket after their cohort bucket, i = 0 being the cohort bucket itself, counting only events at or after the member\'s first cohort event (so with any event, rates[0] is 1); return events after period.to count too. With companyId, only that company\'s events count, for the cohort and the returns.',
  })
  retention(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Arg('cohortEventType', () => String, { defaultValue: 'user.registered', description: 'The event that puts a user in a cohort (their first one).' }) cohortEventType: string,
    @Arg('returnEventType', () => String, { nullable: true, description: 'The event that counts as coming back; null = any event.' }) returnEventType: string | null,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.WEEK, description: 'Cohort and return bucket size: DAY, WEEK or MONTH.' })
    granularity: GranularityEnum,
    @Arg('periods', () => Int, { defaultValue: 8, description: 'Buckets followed per cohort, counting the cohort bucket: 1 to 52.' }) periods: number,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only events of this company.' }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.retention.retention(ctx.scopeFor(companyId), { period, cohortEventType, returnEventType: returnEventType ?? null, granularity, periods });
  }
}
