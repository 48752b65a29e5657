import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { LearnerMetrics as LearnerMetricsModel, LearnerRef } from '../metrics/learner.service';

@ObjectType({ description: "One learner's activity in a period. Computed from RAW events of that user_id (no rollup is kept per learner)." })
export class LearnerMetrics implements LearnerMetricsModel {
  @Field(() => Int, { description: '`practice_session.completed` events of the learner in the period. From raw events.' })
  practiceSessionsCompleted: number;

  @Field(() => Float, { nullable: true, description: 'Mean score (0-100) of those practice sessions; null when there were none. From raw events.' })
  averageScore: number | null;

  @Field(() => Int, { description: 'Sum of duration_seconds of those practice sessions. From raw events.' })
  practiceTimeSeconds: number;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description:
      'Timestamp of the learner\'s latest event of any type before the end of the period (earlier periods included, so it answers "last seen as of then"); null when there is none. From raw events.',
  })
  lastActiveAt: Date | null;

  @Field(() => Int, { description: 'Distinct course_id with a `course.enrolled` event of the learner in the period. From raw events.' })
  coursesEnrolled: number;

  @Field(() => Int, { description: 'Distinct course_id with a `course.completed` event of the learner in the period. From raw events.' })
  coursesCompleted: number;
}

@ObjectType({
  description: 'A learner (a user_id seen in events). Its metrics are computed from raw events, within the company scope the learner was looked up in.',
})
export class Learner implements Omit<LearnerRef, 'scope'> {
  @Field(() => ID, { description: 'The user_id.' })
  userId: string;
}

export const LEARNER_QUERY =
  "One learner by user_id; null when the user has no event at all (within `companyId` when given). Everything below it is computed from raw events. A learner-level read: a partner token needs the scope `learners:read` (FORBIDDEN without it) and then reads its own company's learners only; admin and analyst have it by role.";
