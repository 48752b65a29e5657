import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { PropertyFilterInput } from './property-filter.input';

export enum FunnelModeEnum {
  ORDERED = 'ORDERED',
  STRICT_ORDER = 'STRICT_ORDER',
  UNORDERED = 'UNORDERED',
}
registerEnumType(FunnelModeEnum, {
  name: 'FunnelMode',
  description: 'How the steps of a funnel must follow each other within the conversion window.',
  valuesConfig: {
    ORDERED: { description: 'Steps in order; other events (including other step events) may come between them. ClickHouse windowFunnel default mode.' },
    STRICT_ORDER: {
      description:
        "Steps in order with no other step event between consecutive steps (events matching no step do not matter). ClickHouse windowFunnel 'strict_order': the search stops at the first step event that comes out of order (e.g. A C B for steps A B C reaches step 1, and a clean A B C after it is not looked at); repeating an already reached step (A B B C) does not break the chain.",
    },
    UNORDERED: { description: 'Steps in any order: step k is reached when one span of `window` seconds holds an event of each of steps 1..k.' },
  },
});

export enum FunnelCountByEnum {
  USER = 'USER',
  SESSION = 'SESSION',
}
registerEnumType(FunnelCountByEnum, {
  name: 'FunnelCountBy',
  description: 'What converts: a learner (user_id) or one session (session_id). Events with an empty id of that kind are left out.',
});

@InputType({ description: 'One funnel step: the events that count as doing it. Every given condition must hold.' })
export class FunnelStepInput {
  @Field(() => String, { description: 'Event type in dot.case, e.g. `course.enrolled`.' })
  eventType: string;

  @Field(() => String, { nullable: true, description: 'Label in the result; defaults to eventType.' })
  name?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events of this course (course_id).' })
  courseId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events of this lesson (lesson_id).' })
  lessonId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events whose `page` starts with this text (case-sensitive), e.g. `/pricing`.' })
  pagePrefix?: string | null;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Conditions on `properties`, all of which must hold; at most 10.' })
  where?: PropertyFilterInput[] | null;
}
