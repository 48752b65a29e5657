import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { param, sql } from '../sql';

type Numeric = number | string;

/** One lesson's figures over a period: learners are distinct user_id with a lesson.* event of it. */
export interface LessonActivityRow {
  lessonId: string;
  started: number;
  completed: number;
  /** Median over those learners of their summed duration_seconds on the lesson in the period. */
  medianTimeSpentSeconds: number;
}

/** How many learners fall in each tenth of "share of the lesson list completed". */
export interface ProgressDistributionRow {
  /** Learners with a lesson event of the course in the period. */
  learners: number;
  /** Ten counts: [0, 10%), [10%, 20%), ... [90%, 100%]. */
  deciles: number[];
  /** Of those, the ones who completed every lesson of the list. */
  completedAll: number;
  /** Mean share completed; null without learners. */
  averageProgress: number | null;
}

/** Learners who enrolled in the period, and what they did on the course at any time. */
export interface EnrollmentCohortRow {
  enrolled: number;
  startedALesson: number;
  completedALesson: number;
  completedCourse: number;
}

export const NO_COHORT_ROW: EnrollmentCohortRow = { enrolled: 0, startedALesson: 0, completedALesson: 0, completedCourse: 0 };

/**
 * courseProgress from rollup_learner_course (0041): per-learner hourly rows of a course, so every
 * "distinct learners" here is a count of grouped user_id (exact) and the median is over real
 * per-learner sums (quantileExactInclusive: the mean of the two middle values for an even count).
 */
export class CourseProgressRepository {
  constructor(private readonly db: ClickHouse) {}

  async lessons(scope: TenantScope, period: Period, courseId: string): Promise<LessonActivityRow[]> {
    const rows = await this.db.query<{ lesson_id: string; started: Numeric; completed: Numeric; median_seconds: number | null }>(
      'metrics.course_progress.lessons',
      sql`SELECT lesson_id, count() AS started, countIf(completions > 0) AS completed,
                 quantileExactInclusive(0.5)(seconds) AS median_seconds
          FROM (
              SELECT lesson_id, user_id, sum(lesson_completions) AS completions, sum(lesson_seconds) AS seconds
              FROM ${this.db.table('rollup_learner_course')}
              WHERE course_id = ${courseId} AND lesson_id != '' AND ${periodCondition(period, 'hour')} AND ${scopeCondition(scope)}
              GROUP BY lesson_id, user_id)
          GROUP BY lesson_id`,
    );
    return rows.map((r) => ({
      lessonId: r.lesson_id,
      started: Number(r.started),
      completed: Number(r.completed),
      medianTimeSpentSeconds: Number(r.median_seconds ?? 0),
    }));
  }

  /**
   * Learners active on the course's lessons in the period, by tenth of `lessonIds` they have
   * completed by the end of the period (completions before the period count: progress is a
   * state, not a flow).
   */
  async distribution(scope: TenantScope, period: Period, courseId: string, lessonIds: string[]): Promise<ProgressDistributionRow> {
    const n = Math.max(lessonIds.length, 1);
    const rows = await this.db.query<{ bucket: Numeric; learners: Numeric; completed_all: Numeric; progress_sum: number }>(
      'metrics.course_progress.distribution',
      sql`SELECT least(9, intDiv(10 * done, ${param(n, 'UInt32')})) AS bucket, count() AS learners,
                 countIf(done >= ${param(n, 'UInt32')}) AS completed_all, sum(done / ${param(n, 'UInt32')}) AS progress_sum
          FROM (
              SELECT user_id, uniqExactIf(lesson_id, lesson_completions > 0 AND has(${param(lessonIds, 'Array(String)')}, lesson_id)) AS done
              FROM ${this.db.table('rollup_learner_course')}
              WHERE course_id = ${courseId} AND lesson_id != '' AND hour < ${period.toUtc} AND ${scopeCondition(scope)}
              GROUP BY user_id
              HAVING countIf(hour >= ${period.fromUtc}) > 0)
          GROUP BY bucket`,
    );
    const deciles = Array.from({ length: 10 }, () => 0);
    let learners = 0;
    let completedAll = 0;
    let progressSum = 0;
    for (const r of rows) {
      deciles[Number(r.bucket)] += Number(r.learners);
      learners += Number(r.learners);
      completedAll += Number(r.completed_all);
      progressSum += Number(r.progress_sum);
    }
    return { learners, deciles, completedAll, averageProgress: learners === 0 ? null : progressSum / learners };
  }

  /**
   * Per course: learners with a course.enrolled in the period; of them, who started / completed a
   * lesson and the course, at any time. From rollup_learner_course_total (0090, one row per
   * course, company and learner), which decides every learner's membership exactly from their
   * first and last enrollment hour and enrollment count, except a learner with 3+ enrollments
   * whose first is before the period and last after it: the courses with such a learner are
   * answered again from the hourly rows of rollup_learner_course (0041).
   */
  async enrollmentCohorts(scope: TenantScope, period: Period, courseIds: string[]): Promise<Map<string, EnrollmentCohortRow>> {
    const from = period.fromUtc;
    const to = period.toUtc;
    const rows = await this.db.query<{
      course_id: string;
      enrolled: Numeric;
      started: Numeric;
      completed_lesson: Numeric;
      completed_course: Numeric;
      undecided: Numeric;
    }>(
      'metrics.course_progress.cohort_total',
      sql`SELECT course_id, countIf(cohort) AS enrolled, countIf(cohort AND started > 0) AS started,
                 countIf(cohort AND completed_lesson > 0) AS completed_lesson, countIf(cohort AND completed_course > 0) AS completed_course,
                 countIf(NOT cohort AND enrollments > 2 AND first_hour < ${from} AND last_hour >= ${to}) AS undecided
          FROM (
              SELECT course_id, user_id, sum(enrollments) AS enrollments, min(first_enrolled_hour) AS first_hour, max(last_enrolled_hour) AS last_hour,
                     sum(lesson_events) AS started, sum(lesson_completions) AS completed_lesson, sum(course_completions) AS completed_course,
                     (first_hour >= ${from} AND first_hour < ${to}) OR (last_hour >= ${from} AND last_hour < ${to}) AS cohort
              FROM ${this.db.table('rollup_learner_course_total')}
              WHERE course_id IN ${courseIds} AND ${scopeCondition(scope)}
              GROUP BY course_id, user_id
              HAVING enrollments > 0)
          GROUP BY course_id`,
    );
    const result = new Map(rows.map((r) => [r.course_id, cohortRow(r)]));
    const undecided = rows.filter((r) => Number(r.undecided) > 0).map((r) => r.course_id);
    if (undecided.length > 0) for (const [id, row] of await this.hourlyEnrollmentCohorts(scope, period, undecided)) result.set(id, row);
    return result;
  }

  /** The same cohorts from the hourly per-learner rows (0041): exact for any learner, reads every hour of the courses. */
  async hourlyEnrollmentCohorts(scope: TenantScope, period: Period, courseIds: string[]): Promise<Map<string, EnrollmentCohortRow>> {
    const rows = await this.db.query<{ course_id: string; enrolled: Numeric; started: Numeric; completed_lesson: Numeric; completed_course: Numeric }>(
      'metrics.course_progress.cohort',
      sql`SELECT course_id, count() AS enrolled, countIf(started > 0) AS started, countIf(completed_lesson > 0) AS completed_lesson,
                 countIf(completed_course > 0) AS completed_course
          FROM (
              SELECT course_id, user_id, sum(lesson_events) AS started, sum(lesson_completions) AS completed_lesson,
                     sum(course_completions) AS completed_course
              FROM ${this.db.table('rollup_learner_course')}
              WHERE course_id IN ${courseIds} AND ${scopeCondition(scope)}
              GROUP BY course_id, user_id
              HAVING sumIf(enrollments, ${periodCondition(period, 'hour')}) > 0)
          GROUP BY course_id`,
    );
    return new Map(rows.map((r) => [r.course_id, cohortRow(r)]));
  }
}

function cohortRow(r: { enrolled: Numeric; started: Numeric; completed_lesson: Numeric; completed_course: Numeric }): EnrollmentCohortRow {
  return {
    enrolled: Number(r.enrolled),
    startedALesson: Number(r.started),
    completedALesson: Number(r.completed_lesson),
    completedCourse: Number(r.completed_course),
  };
}
