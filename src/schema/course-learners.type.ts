import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DEFAULT_AT_RISK_AFTER_DAYS, DEFAULT_INACTIVE_AFTER_DAYS, LEARNER_STATUSES, MAX_LEARNERS_LIMIT } from '../domain/catalog';
import type { CourseLearnerCounts } from '../clickhouse/repositories/course-learners.repository';
import type { CourseLearner as CourseLearnerModel } from '../metrics/course-learners.service';

export const LearnerStatusEnum = Object.fromEntries(LEARNER_STATUSES.map((s) => [s, s])) as { readonly [K in (typeof LEARNER_STATUSES)[number]]: K };

const RULE = `Judged at asOf, in this order: COMPLETED: a course.completed of the course. INACTIVE: the last learning activity on the course (any course.*, module.*, lesson.*, quiz.completed or practice_session.completed event with its course_id) is inactiveAfterDays (default ${DEFAULT_INACTIVE_AFTER_DAYS}) or more before asOf. AT_RISK: enrolled (a course.enrolled of the course), not completed, and no learning activity on the course for atRiskAfterDays (default ${DEFAULT_AT_RISK_AFTER_DAYS}) or more, or an average quiz score on the course under the course's pass threshold. ON_TRACK: everyone else.`;

registerEnumType(LearnerStatusEnum, {
  name: 'LearnerStatus',
  description: `A learner's standing on a course. ${RULE}`,
  valuesConfig: {
    ON_TRACK: { description: 'Active recently and, where scored, at or above the pass threshold; or active without an enrollment event.' },
    AT_RISK: { description: 'Enrolled, not completed, and silent for atRiskAfterDays or scoring under the pass threshold.' },
    INACTIVE: { description: 'Not completed and silent on the course for inactiveAfterDays or more.' },
    COMPLETED: { description: 'Has a course.completed of the course.' },
  },
});

@ObjectType({ description: 'One learner of the course. From rollup_learner_course (per learner, hourly), within the scope asked for.' })
export class CourseLearner implements CourseLearnerModel {
  @Field(() => ID, { description: 'The user_id.' })
  userId: string;

  @Field(() => LearnerStatusEnum, { description: 'See LearnerStatus.' })
  status: (typeof LEARNER_STATUSES)[number];

  @Field(() => Boolean, { description: 'Whether the learner has a course.enrolled of the course.' })
  enrolled: boolean;

  @Field(() => Int, { description: 'Distinct lessons of the course with a lesson.completed of this learner.' })
  lessonsCompleted: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "lessonsCompleted / lessonCount: the share of the course's lessons (the catalogue's, plus lessons with events that it does not list) completed, 0 to 1; null when the course has no lessons.",
  })
  progress: number | null;

  @Field(() => GraphQLDateTime, { description: "Timestamp of the learner's latest learning event on the course." })
  lastActivityAt: Date;

  @Field(() => Int, { description: 'Whole days from lastActivityAt to asOf.' })
  daysSinceLastActivity: number;

  @Field(() => Float, {
    nullable: true,
    description: "Mean score (0 to 100) of the learner's scored quiz.completed events on the course (an exact mean); null when none.",
  })
  averageQuizScore: number | null;

  @Field(() => Int, { description: 'Scored quiz.completed events of the learner on the course.' })
  quizzesScored: number;
}

@ObjectType({ description: 'Learners of the course by status (not filtered by `status` or `limit`).' })
export class CourseLearnerCountsType implements CourseLearnerCounts {
  @Field(() => Int)
  onTrack: number;

  @Field(() => Int)
  atRisk: number;

  @Field(() => Int)
  inactive: number;

  @Field(() => Int)
  completed: number;
}

@ObjectType({
  description: `A course's learners: everyone with a learning event on the course (in the scope) up to the end of asOf's hour, with status, progress, last activity and quiz average. ${RULE} Learner-level: partner tokens need the learners:read scope; nothing is thresholded.`,
})
export class CourseLearners {
  @Field(() => ID)
  courseId: string;

  @Field(() => GraphQLDateTime, { description: 'The instant statuses are judged at (the argument, or now).' })
  asOf: Date;

  @Field(() => Int)
  atRiskAfterDays: number;

  @Field(() => Int)
  inactiveAfterDays: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "The course's pass threshold (percent) the score rule uses: the catalogue's course passThreshold, else the highest of its quizzes' thresholds; null (no score rule) when the course is not catalogued or sets none.",
  })
  passThreshold: number | null;

  @Field(() => Int, { description: "Lessons progress is a share of: the catalogue's lessons plus lessons with events on the course that it does not list." })
  lessonCount: number;

  @Field(() => CourseLearnerCountsType, { description: 'How many learners have each status.' })
  counts: CourseLearnerCountsType;

  @Field(() => [CourseLearner], {
    description: `The learners with the status asked for (all without one), longest silent first (lastActivityAt ascending, then userId), at most limit (1 to ${MAX_LEARNERS_LIMIT}).`,
  })
  learners: CourseLearner[];
}

export const COURSE_LEARNERS_QUERY = `Per-learner standing on one course (optionally one company's learners): status ON_TRACK, AT_RISK, INACTIVE or COMPLETED, progress, last activity, average quiz score. ${RULE} A learner-level read: a partner token needs the learners:read scope (FORBIDDEN otherwise). From rollup_learner_course and the course catalogue.`;
