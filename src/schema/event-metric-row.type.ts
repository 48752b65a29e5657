import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';

@ObjectType({ description: 'One row of an eventMetrics breakdown: a (bucket, group) and its measure. Computed from RAW events.' })
export class EventMetricRow {
  @Field(() => String, { nullable: true, description: 'Bucket label in the period timezone (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:00` for hours); null when no granularity was asked for.' })
  bucket: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'The UTC instant the bucket starts at; null when no granularity was asked for.' })
  start: Date | null;

  @Field(() => [String], {
    nullable: 'items',
    description:
      'The values of the groupBy entries, in groupBy order, as text: an empty string when the event has no such field or property; other JSON values as ClickHouse prints them (e.g. `4`, `true`). In partner views, a value read from a properties path is null in a row whose value is withheld by the privacy threshold (fewer than PRIVACY_MIN_LEARNERS distinct learners, default 5), since properties can hold anything, a name included; envelope columns such as course_id stay.',
  })
  group: (string | null)[];

  @Field(() => Float, { nullable: true, description: withheld('The measure over the events of this row (COUNT, UNIQUE_USERS, SUM or AVG of `property`). From raw events; exact before conversion to a float.') })
  value: number | null;
}
