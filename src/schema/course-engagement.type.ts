import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';
import type { CourseEngagement as CourseEngagementModel, CourseEngagementPoint as CourseEngagementPointModel } from '../metrics/course-engagement.service';

const LEARNING_TIME =
  'Sum of duration_seconds of the learning events (course.*, module.*, lesson.*, quiz.completed, practice_session.completed) on the course, whole seconds. Float because a total can pass the 32-bit GraphQL Int.';

@ObjectType({ description: "One calendar bucket of a course's engagement (zero when nothing happened)." })
export class CourseEngagementPoint implements CourseEngagementPointModel {
  @Field(() => String, { description: 'Bucket label in the period timezone: `YYYY-MM-DD` (first day of the bucket) or `YYYY-MM-DDTHH:00` for hours.' })
  bucket: string;

  @Field(() => GraphQLDateTime, { description: 'The UTC instant the bucket starts at.' })
  start: Date;

  @Field(() => Int, { nullable: true, description: withheld('course.enrolled events in the bucket.') })
  enrollments: number | null;

  @Field(() => Int, { nullable: true, description: withheld('course.completed events in the bucket.') })
  completions: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Distinct user_id with a learning event on the course in the bucket (exact, uniqExact).') })
  activeLearners: number | null;

  @Field(() => Float, { nullable: true, description: withheld(LEARNING_TIME) })
  learningTimeSeconds: number | null;

  @Field(() => Int, { nullable: true, description: withheld('lesson.completed events in the bucket.') })
  lessonCompletions: number | null;
}

@ObjectType({
  description:
    "Engagement with one course over a period (optionally one company's learners). Everything except cohortCompletionRate comes from rollup states: daily (rollup_course_engagement_daily) for UTC days, hourly (rollup_course_engagement) for HOUR and whole-hour zones, recomputed from raw events for +05:30 / +05:45 / +09:30 zones; every figure is exact from each of them (distinct counts uniqExact, error 0). Counts are of events, so a learner who enrolls twice counts twice.",
})
export class CourseEngagement implements Omit<CourseEngagementModel, 'filter'> {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field(() => Int, { nullable: true, description: withheld('course.enrolled events in the period.') })
  enrollments: number | null;

  @Field(() => Int, { nullable: true, description: withheld('course.completed events in the period.') })
  completions: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      'Flow completion rate: course.completed events / course.enrolled events in the period. The completions may belong to learners who enrolled earlier, so it can exceed 1. Null when there were no enrollments.',
    ),
  })
  completionRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      'Cohort completion rate: of the distinct learners who enrolled in the course within the period, the share who have a course.completed for the course at any time up to now (not limited to the period). Reads RAW events (the rollup cannot link an enrollment to a completion), so it costs one more query when asked for. 0 to 1; null when nobody enrolled.',
    ),
  })
  cohortCompletionRate: number | null;

  @Field(() => Int, {
    nullable: true,
    description: withheld(
      'Distinct user_id with a learning event (course.*, module.*, lesson.*, quiz.completed, practice_session.completed) on the course in the period. Exact (uniqExact).',
    ),
  })
  activeLearners: number | null;

  @Field(() => Float, { nullable: true, description: withheld(LEARNING_TIME) })
  learningTimeSeconds: number | null;

  @Field(() => Float, { nullable: true, description: withheld('learningTimeSeconds / activeLearners. Null when there were no active learners.') })
  averageTimeSpentSeconds: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      'Mean score (0 to 100) of quiz.completed events on the course, an exact mean over all quizzes (not a mean of hourly means). Null when there were none.',
    ),
  })
  averageQuizScore: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld('Passed quiz.completed events / all quiz.completed events on the course (0 to 1). Null when there were none.'),
  })
  quizPassRate: number | null;

  @Field(() => Int, { nullable: true, description: withheld('lesson.completed events on the course in the period.') })
  lessonCompletions: number | null;

  @Field(() => [CourseEngagementPoint], { description: 'The same counts per calendar bucket of the period timezone, zero-filled.' })
  series: CourseEngagementPoint[];
}

export const COURSE_ENGAGEMENT_QUERY =
  "Engagement with one course over the period, optionally of one company's learners. Several courseEngagement fields with the same period and company in one request are loaded in one query.";
