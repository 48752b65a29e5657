import { Field, ID, InputType } from 'type-graphql';
import type { FunnelStepArgs } from '../domain/arguments';
import { PropertyFilterInput } from './property-filter.input';

@InputType({ description: 'One funnel step: the events that count as doing it. Every given condition must hold.' })
export class FunnelStepInput implements FunnelStepArgs {
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
