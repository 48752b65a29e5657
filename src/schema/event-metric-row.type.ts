import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import { withheld, WITHHELD_GROUPS } from './privacy.description';
import type { EventMetricRow as EventMetricRowModel } from '../metrics/event-metrics.service';

@ObjectType({ description: 'One row of an eventMetrics breakdown: a (bucket, group) and its measure. Computed from RAW events.' })
export class EventMetricRow implements EventMetricRowModel {
  @Field(() => String, {
    nullable: true,
    description: 'Bucket label in the period timezone (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:00` for hours); null when no granularity was asked for.',
  })
  bucket: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'The UTC instant the bucket starts at; null when no granularity was asked for.' })
  start: Date | null;

  @Field(() => [String], {
    nullable: 'items',
    description:
      'The values of the groupBy entries, in groupBy order, as text: an empty string when the event has no such field or property; other JSON values as ClickHouse prints them (e.g. `4`, `true`). Never null: rows of groups under the privacy threshold are left out in partner views.',
  })
  group: (string | null)[];

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      'The measure over the events of this row (COUNT, UNIQUE_USERS, SUM or AVG of `property`). From raw events; exact before conversion to a float.',
    ),
  })
  value: number | null;
}

export const EVENT_METRICS_QUERY =
  'A generic breakdown of one event type over RAW events, so questions such as "views per product" (groupBy: ["properties.product_id"]), "average rating per course" (AVG of properties.rating by course_id) or "revenue per day" (SUM of amount by currency, DAY) need no new code. One row per bucket (when `granularity` is given) and combination of groupBy values that had at least one event (for SUM and AVG: at least one event where `property` holds a number, so a group without any number has no row); no zero fill. Ordered by bucket, then value descending, then group values; at most `limit` rows in all. SUM and AVG only consider events where `property` holds a number (a JSON number or numeric string for properties paths; duration_seconds counts as 0 when absent). Amount sums are exact before the conversion to Float; use `revenue` for exact decimal strings. ' +
  WITHHELD_GROUPS +
  ' Partner views decide this on the whole table and its subtotals (every shape of the same question: without granularity, with fewer groupBy columns; at most 20,000 rows and subtotals, else BAD_USER_INPUT) before `limit`, coarsest shape first, so a row withheld in one shape stays withheld in every finer one; at HOUR granularity they show rows only if every hour of every group has at least k learners.';

export const EVENT_METRICS_ARGS = {
  property:
    'For SUM and AVG only: duration_seconds, score, amount, or a path into properties such as `properties.rating` (1 to 5 keys of letters, digits, _ and -).',
  groupBy:
    'Up to 3 fields to group by: course_id, lesson_id, module_id, quiz_id, company_id, platform, country, page, utm_source, utm_medium, utm_campaign, source, currency, or properties paths such as `properties.product_id`.',
} as const;
