import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Granularity } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { EventCountsService } from '../metrics/event-counts.service';
import { GranularityEnum } from '../schema/enums';
import { EVENT_COUNTS_QUERY, EventCount } from '../schema/event-count.type';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver()
export class EventCountsResolver {
  @Query(() => [EventCount], { complexity: COST.ROLLUP_QUERY, description: EVENT_COUNTS_QUERY })
  eventCounts(
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY, description: 'Bucket size of the series.' }) granularity: Granularity,
    @Arg('eventTypes', () => [String], {
      nullable: true,
      description: 'Only these types (dot.case, 1 to 50); each gets a row in every bucket, zero when none happened.',
    })
    eventTypes: string[] | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(EventCountsService).perBucket(period, companyId ?? null, granularity, eventTypes ?? null);
  }
}
