import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { withheld } from './privacy.description';
import type {
  EnrollmentCohort as EnrollmentCohortModel,
  LargestDropOff as LargestDropOffModel,
  LessonProgress as LessonProgressModel,
  ProgressDecile as ProgressDecileModel,
  ProgressDistribution as ProgressDistributionModel,
} from '../metrics/course-progress.service';

const STARTED =
  'Learners who started the lesson: distinct user_id with at least one lesson.* event (lesson.started, lesson.progressed, lesson.completed) of this lesson_id on the course in the period. Exact.';

@ObjectType({
  description:
    "One lesson of the course in curriculum order: the catalogue's lessons first (newest catalogue version, module by module), then lessons that have events in the period but are not in the catalogue (inCatalog false, by lesson id). From rollup_learner_course.",
})
export class LessonProgress implements LessonProgressModel {
  @Field(() => Int, { description: '1-based position in the curriculum order described above.' })
  position: number;

  @Field(() => ID, { description: 'The lesson_id the events carry.' })
  lessonId: string;

  @Field(() => Boolean, { description: "Whether the course catalogue's newest version lists this lesson." })
  inCatalog: boolean;

  @Field(() => String, { nullable: true, description: 'The catalogue title; null for a lesson not in the catalogue.' })
  title: string | null;

  @Field(() => String, { nullable: true, description: 'The catalogue type (video, text, quiz, contest, assignment, live, other); null when not catalogued.' })
  type: string | null;

  @Field(() => ID, { nullable: true, description: 'The catalogue module holding the lesson; null when not catalogued.' })
  moduleId: string | null;

  @Field(() => String, { nullable: true, description: "That module's title." })
  moduleTitle: string | null;

  @Field(() => Int, { nullable: true, description: '1-based position of the module in the course.' })
  modulePosition: number | null;

  @Field(() => Int, { nullable: true, description: "The catalogue's expected duration, seconds; null when it gives none." })
  expectedDurationSeconds: number | null;

  @Field(() => Int, { nullable: true, description: withheld(STARTED) })
  started: number | null;

  @Field(() => Int, {
    nullable: true,
    description: withheld('Of the learners who started it, those with a lesson.completed of the lesson in the period. Exact.'),
  })
  completed: number | null;

  @Field(() => Float, { nullable: true, description: withheld('completed / started (0 to 1); null when nobody started it.') })
  completionRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      "Drop-off from the previous lesson in this order: 1 - started / previous lesson's started. 0.25 means a quarter fewer learners started this lesson than the one before; negative when more did (learners skip ahead or join mid-course). Null for the first lesson and when nobody started the previous one; in partner views also when the previous lesson's figures are withheld.",
    ),
  })
  dropOffFromPrevious: number | null;

  @Field(() => Float, {
    nullable: true,
    description: withheld(
      "Median time spent: each learner's duration_seconds summed over their lesson.* events of the lesson in the period, then the median over the learners who started it (the mean of the two middle values for an even count). Null when nobody started it.",
    ),
  })
  medianTimeSpentSeconds: number | null;
}

@ObjectType({ description: 'The lesson where the most learners are lost: the highest dropOffFromPrevious (the earliest on ties).' })
export class LargestDropOff implements LargestDropOffModel {
  @Field(() => Int, { description: 'Its position in the curriculum order.' })
  position: number;

  @Field(() => ID)
  lessonId: string;

  @Field(() => String, { nullable: true, description: 'Its catalogue title; null when not catalogued.' })
  title: string | null;

  @Field(() => Float, { description: 'Its dropOffFromPrevious.' })
  dropOffFromPrevious: number;
}

@ObjectType({ description: 'One tenth of the progress scale and the learners whose share of lessons completed falls in it.' })
export class ProgressDecile implements ProgressDecileModel {
  @Field(() => Float, { description: 'Lower bound of the share of lessons completed, inclusive: 0, 0.1, ... 0.9.' })
  from: number;

  @Field(() => Float, { description: 'Upper bound, exclusive; the last tenth (0.9 to 1) includes 1.' })
  to: number;

  @Field(() => Int, { nullable: true, description: withheld('Learners whose progress is in [from, to).') })
  learners: number | null;
}

@ObjectType({
  description:
    "How far the course's learners have got. The learners are those with a lesson event of the course in the period; a learner's progress is the share of the course's lesson list (courseProgress.lessons: the catalogue's lessons plus lessons with events that it does not list) with a lesson.completed of that learner up to the end of the period (completions before the period count: progress is a state).",
})
export class ProgressDistribution implements ProgressDistributionModel {
  @Field(() => Int, { description: 'Lessons in the list the shares are of.' })
  lessonCount: number;

  @Field(() => Int, { nullable: true, description: withheld('Learners with a lesson event of the course in the period.') })
  learners: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Of them, those who completed every lesson of the list.') })
  completedAllLessons: number | null;

  @Field(() => Float, { nullable: true, description: withheld('Mean progress (0 to 1) of those learners; null without learners.') })
  averageProgress: number | null;

  @Field(() => [ProgressDecile], { description: 'Ten buckets in order, zero-filled.' })
  deciles: ProgressDecile[];
}

@ObjectType({
  description:
    "The learners who enrolled in the course in the period (distinct user_id with a course.enrolled), and what they have done on it at any time up to now: the course platform's completion question (enrolled users, users with a completed class) and its completion funnel (enrolled, started a class, completed a class). From rollup_learner_course.",
})
export class EnrollmentCohort implements EnrollmentCohortModel {
  @Field(() => Int, { nullable: true, description: withheld('Distinct learners with a course.enrolled of the course in the period.') })
  enrolled: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Of them, those with a lesson.* event of the course at any time.') })
  startedALesson: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Of them, those with a lesson.completed of the course at any time.') })
  completedALesson: number | null;

  @Field(() => Int, { nullable: true, description: withheld('Of them, those with a course.completed of the course at any time.') })
  completedCourse: number | null;

  @Field(() => Float, { nullable: true, description: withheld('startedALesson / enrolled; null when nobody enrolled.') })
  startRate: number | null;

  @Field(() => Float, { nullable: true, description: withheld('completedALesson / enrolled; null when nobody enrolled.') })
  lessonCompletionRate: number | null;

  @Field(() => Float, { nullable: true, description: withheld('completedCourse / enrolled; null when nobody enrolled.') })
  courseCompletionRate: number | null;
}

@ObjectType({
  description:
    "Where learners are in one course over a period (optionally one company's learners): every lesson in curriculum order with its learners, drop-off and median time, where the largest drop-off is, the distribution of learners' progress, and the enrollment cohort. Served from the per-learner hourly rollup rollup_learner_course joined with the course catalogue (PUT /v1/catalog/courses/{id}) for names and order; a course that is not catalogued still answers, its lessons by id.",
})
export class CourseProgress {
  @Field(() => ID, { description: 'The course.' })
  courseId: string;

  @Field(() => Boolean, { description: 'Whether the course is in the catalogue.' })
  inCatalog: boolean;

  @Field(() => String, { nullable: true, description: "The catalogue's title; null when not catalogued." })
  title: string | null;

  @Field(() => Int, { nullable: true, description: 'The catalogue version the lesson order and names come from (the newest); null when not catalogued.' })
  catalogVersion: number | null;

  @Field(() => [LessonProgress], { description: 'Every lesson in curriculum order (see LessonProgress).' })
  lessons: LessonProgress[];

  @Field(() => LargestDropOff, { nullable: true, description: 'The lesson with the largest drop-off; null when no lesson has one shown.' })
  largestDropOff: LargestDropOff | null;

  @Field(() => ProgressDistribution, { description: "The distribution of learners' progress, in tenths." })
  progressDistribution: ProgressDistribution;

  @Field(() => EnrollmentCohort, { description: 'The learners who enrolled in the period and how far they got.' })
  enrollmentCohort: EnrollmentCohort;
}

export const COURSE_PROGRESS_QUERY =
  "One course's curriculum progress over the period, optionally of one company's learners: lessons in curriculum order with started / completed learners, drop-off from the previous lesson and median time spent; the largest drop-off; the progress distribution in tenths; the enrollment cohort. From the rollup rollup_learner_course and the course catalogue.";
