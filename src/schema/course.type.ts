import { Field, ID, ObjectType } from 'type-graphql';
import { CourseEngagement } from './course-engagement.type';
import type { Course as CourseModel } from '../metrics/course-engagement.service';

@ObjectType({ description: 'A course in a `courses` list.' })
export class Course implements Omit<CourseModel, 'filter'> {
  @Field(() => ID, { description: 'The course id (course_id of the events).' })
  id: string;

  @Field(() => CourseEngagement, {
    description: 'Engagement over the period and company of the `courses` query. Loaded for every course of the list in one query.',
  })
  engagement: CourseEngagement;
}

export const COURSES_QUERY =
  'Courses with their engagement over the period. With `ids`: exactly those courses, in the order given, an id given twice listed once (courses without activity show zeros; orderBy and limit do not apply). Without: the courses with any learning event in the period, ordered by `orderBy`, at most `limit`. The engagement of every listed course is loaded in one query.';
