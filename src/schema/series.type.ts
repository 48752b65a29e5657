import { GraphQLDateTime } from 'graphql-scalars';
import { GraphQLDate } from './scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';
import type { BucketPoint, DailyPoint } from '../metrics/active-users.service';

@ObjectType({ description: 'One day and a whole-number value.' })
export class DailyValue implements DailyPoint {
  @Field(() => GraphQLDate, { description: 'The calendar day in the period timezone.' })
  date: string;

  @Field(() => Int, { nullable: true, description: withheld('The value for that day (0 when nothing happened).') })
  value: number | null;
}

@ObjectType({ description: 'One calendar bucket and a whole-number value.' })
export class BucketValue implements BucketPoint {
  @Field(() => String, { description: 'Bucket label in the period timezone: `YYYY-MM-DD` (first day of the bucket) or `YYYY-MM-DDTHH:00` for hours.' })
  bucket: string;

  @Field(() => GraphQLDateTime, { description: 'The UTC instant the bucket starts at.' })
  start: Date;

  @Field(() => Int, { nullable: true, description: withheld('The value in that bucket (0 when nothing happened).') })
  value: number | null;
}
