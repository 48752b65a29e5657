import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Granularity, Measure } from '../domain/vocabulary';
import { COST } from '../limits/costs';
import { EventMetricsService } from '../metrics/event-metrics.service';
import { GranularityEnum, MeasureEnum } from '../schema/enums';
import { EVENT_METRICS_ARGS, EVENT_METRICS_QUERY, EventMetricRow } from '../schema/event-metric-row.type';
import { PeriodCompanyArgs } from '../schema/period-company.args';
import type { Context } from './context';

@Resolver()
export class EventMetricsResolver {
  @Query(() => [EventMetricRow], { complexity: COST.RAW_QUERY, description: EVENT_METRICS_QUERY })
  eventMetrics(
    @Arg('eventType', () => String, { description: 'The event type, dot.case, e.g. `review.submitted`.' }) eventType: string,
    @Args() { period, companyId }: PeriodCompanyArgs,
    @Arg('measure', () => MeasureEnum, { defaultValue: MeasureEnum.COUNT, description: 'What each row computes; SUM and AVG need `property`.' })
    measure: Measure,
    @Arg('property', () => String, { nullable: true, description: EVENT_METRICS_ARGS.property }) property: string | null,
    @Arg('groupBy', () => [String], { nullable: true, description: EVENT_METRICS_ARGS.groupBy }) groupBy: string[] | null,
    @Arg('granularity', () => GranularityEnum, {
      nullable: true,
      description: 'Split rows into calendar buckets of the period timezone; leave out for one total per group.',
    })
    granularity: Granularity | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'Most rows returned, 1 to 1000.' }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.get(EventMetricsService).breakdown(companyId ?? null, {
      eventType,
      period,
      measure,
      property: property ?? null,
      groupBy: groupBy ?? null,
      granularity: granularity ?? null,
      limit,
    });
  }
}
