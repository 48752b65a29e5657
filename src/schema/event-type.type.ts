import { Field, Int, ObjectType } from 'type-graphql';
import type { EventTypeInfo as EventTypeInfoModel } from '../metrics/event-types.service';
import { withheld } from './privacy.description';

@ObjectType({ description: 'An event type: one of the catalogue (design.md) or a custom type that was stored.' })
export class EventTypeInfo implements EventTypeInfoModel {
  @Field(() => String, { description: 'The type, dot.case, as events and query arguments name it: `lesson.completed`.' })
  type: string;

  @Field(() => Boolean, { description: 'True for a catalogue type (checked at ingest), false for a custom type seen in stored events.' })
  catalogue: boolean;

  @Field(() => [String], {
    description: 'Envelope fields (snake_case) an event of this type must carry beyond event_id, type and timestamp; empty for custom types.',
  })
  requiredFields: string[];

  @Field(() => String, { nullable: true, description: 'A rule beyond the required fields, in words (e.g. page.viewed needs user_id or anonymous_id).' })
  rule: string | null;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'Events of this type stored in the scope: in `period` when given, else ever. 0 for a catalogue type never sent. From the rollup; exact.',
    ),
  })
  count: number | null;
}

export const EVENT_TYPES_QUERY =
  'The event types a query can name: every catalogue type (with the fields ingest requires) in catalogue order, then the custom types stored in the scope, most frequent first. A funnel or eventMetrics naming a type in neither list answers zeros with a warning in `extensions.warnings`.';
