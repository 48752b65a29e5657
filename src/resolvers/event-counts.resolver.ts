import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { GranularityEnum } from '../schema/enums';
import { EventCount } from '../schema/event-count.type';
import { PeriodInput } from '../schema/period.input';
import { COST } from '../limits/costs';

@Resolver()
export class EventCountsResolver {
  @Query(() => [EventCount], {
    complexity: COST.ROLLUP_QUERY,
    description:
      'Events per calendar bucket and event type. With `eventTypes`: one row per bucket and named type, zero-filled; without: only the (bucket, type) pairs that had events. Ordered by bucket, then type. Served from the hourly rollup (rollup_event_counts); exact.',
  })
  eventCounts(
    @Arg('period', () => PeriodInput, { description: 'The half-open period [from, to) of calendar days, cut in its timezone.' }) period: PeriodInput,
    @Arg('granularity', () => GranularityEnum, { defaultValue: GranularityEnum.DAY, description: 'Bucket size of the series.' }) granularity: GranularityEnum,
    @Arg('eventTypes', () => [String], { nullable: true, description: 'Only these types (dot.case, 1 to 50); each gets a row in every bucket, zero when none happened.' })
    eventTypes: string[] | null,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only events of this company.' }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.eventCounts.perBucket(ctx.scopeFor(companyId), period, granularity, eventTypes ?? null);
  }
}
