import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { withheld, WITHHELD_GROUPS } from './privacy.description';
import type { EventCount as EventCountModel } from '../metrics/event-counts.service';

@ObjectType({ description: 'Number of events of one type in one calendar bucket. Served from the hourly rollup rollup_event_counts (exact counts).' })
export class EventCount implements EventCountModel {
  @Field(() => String, { description: 'Bucket label in the period timezone: `YYYY-MM-DD` (first day of the bucket) or `YYYY-MM-DDTHH:00` for hours.' })
  bucket: string;

  @Field(() => GraphQLDateTime, { description: 'The UTC instant the bucket starts at.' })
  start: Date;

  @Field(() => String, { description: 'The event type, e.g. `lesson.completed`.' })
  eventType: string;

  @Field(() => Int, {
    nullable: true,
    description: withheld('Events of this type whose timestamp falls in the bucket (every event, with or without user_id). From the rollup; exact.'),
  })
  count: number | null;
}

export const EVENT_COUNTS_QUERY =
  'Events per calendar bucket and event type. With `eventTypes`: one row per bucket and named type, zero-filled; without: only the (bucket, type) pairs that had events. Ordered by bucket, then type. Served from the hourly rollup (rollup_event_counts); exact.' +
  ' ' +
  WITHHELD_GROUPS;
