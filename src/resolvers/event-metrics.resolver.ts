import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { GranularityEnum } from '../schema/enums';
import { EventMetricRow } from '../schema/event-metric-row.type';
import { MeasureEnum } from '../schema/measure.enum';
import { PeriodInput } from '../schema/period.input';
import { COST } from '../limits/costs';

@Resolver()
export class EventMetricsResolver {
  @Query(() => [EventMetricRow], {
    complexity: COST.RAW_QUERY,
    description:
      'A generic breakdown of one event type over RAW events, so questions such as "views per product" (groupBy: ["properties.product_id"]), "average rating per course" (AVG of properties.rating by course_id) or "revenue per day" (SUM of amount by currency, DAY) need no new code. One row per bucket (when `granularity` is given) and combination of groupBy values that had at least one event (for SUM and AVG: at least one event where `property` holds a number, so a group without any number has no row); no zero fill. Ordered by bucket, then value descending, then group values; at most `limit` rows in all. SUM and AVG only consider events where `property` holds a number (a JSON number or numeric string for properties paths; duration_seconds counts as 0 when absent). Amount sums are exact before the conversion to Float; use `revenue` for exact decimal strings.',
  })
  eventMetrics(
    @Arg('eventType', () => String, { description: 'The event type, dot.case, e.g. `review.submitted`.' }) eventType: string,
    @Arg('period', () => PeriodInput, { description: 'The half-open period [from, to) of calendar days, cut in its timezone.' }) period: PeriodInput,
    @Arg('measure', () => MeasureEnum, { defaultValue: MeasureEnum.COUNT, description: 'What each row computes; SUM and AVG need `property`.' }) measure: MeasureEnum,
    @Arg('property', () => String, {
      nullable: true,
      description: 'For SUM and AVG only: duration_seconds, score, amount, or a path into properties such as `properties.rating` (1 to 5 keys of letters, digits, _ and -).',
    })
    property: string | null,
    @Arg('groupBy', () => [String], {
      nullable: true,
      description:
        'Up to 3 fields to group by: course_id, lesson_id, module_id, quiz_id, company_id, platform, country, page, utm_source, utm_medium, utm_campaign, source, currency, or properties paths such as `properties.product_id`.',
    })
    groupBy: string[] | null,
    @Arg('granularity', () => GranularityEnum, { nullable: true, description: 'Split rows into calendar buckets of the period timezone; leave out for one total per group.' })
    granularity: GranularityEnum | null,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'Most rows returned, 1 to 1000.' }) limit: number,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only events of this company.' }) companyId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.eventMetrics.breakdown(ctx.scopeFor(companyId), {
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
