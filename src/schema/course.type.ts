import { Field, ID, ObjectType } from 'type-graphql';
import { CourseEngagement } from './course-engagement.type';

@ObjectType({ description: 'A course in a `courses` list.' })
export class Course {
  @Field(() => ID, { description: 'The course id (course_id of the events).' })
  id: string;

  @Field(() => CourseEngagement, { description: 'Engagement over the period and company of the `courses` query. Loaded for every course of the list in one query.' })
  engagement: CourseEngagement;
}
