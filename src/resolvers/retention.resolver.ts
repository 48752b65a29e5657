import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Granularity } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { RetentionService } from '../metrics/retention.service';
import { GranularityEnum } from '../schema/enums';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import { RETENTION_QUERY, RetentionCohort } from '../schema/retention.type';
import type { Context } from './context';

@Resolver()
export class RetentionResolver {
  @Query(() => [RetentionCohort], { complexity: COST.RAW_QUERY, description: RETENTION_QUERY })
  retention(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('cohortEventType', () => String, { defaultValue: 'user.registered', description: 'The event that puts a user in a cohort (their first one).' })
    cohortEventType: string,
    @Arg('returnEventType', () => String, { nullable: true, description: 'The event that counts as coming back; null = any event.' })
    returnEventType: string | null,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.WEEK, description: 'Cohort and return bucket size: DAY, WEEK or MONTH.' })
    granularity: Granularity,
    @Arg('periods', () => Int, { defaultValue: 8, description: 'Buckets followed per cohort, counting the cohort bucket: 1 to 52.' }) periods: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services
      .get(RetentionService)
      .retention(companyId ?? null, { period, cohortEventType, returnEventType: returnEventType ?? null, granularity, periods });
  }
}
