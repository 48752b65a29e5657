import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { onDay } from '../rollup-source';
import { sql, type SqlFragment } from '../sql';
import { checkFigureLearnersSource, figureLearnersSourceFor, type FigureLearnersSource } from './figure-learners-source';

/**
 * The learners each course figure describes (issue 13: a figure is thresholded on its own
 * people, not on the course's active learners): distinct user_id of the events behind it.
 */
export interface CourseFigureLearners {
  /** Any learning event of the course (the rollup's active_learners): activeLearners, learningTimeSeconds. */
  active: number;
  /** course.enrolled: enrollments, and the denominator of completionRate. */
  enrollers: number;
  /** course.completed: completions, completionRate. */
  completers: number;
  /** quiz.completed: averageQuizScore, quizPassRate. */
  quizTakers: number;
  /** lesson.completed: lessonCompletions. */
  lessonCompleters: number;
}

export const NO_FIGURE_LEARNERS: CourseFigureLearners = { active: 0, enrollers: 0, completers: 0, quizTakers: 0, lessonCompleters: 0 };

type Numeric = number | string;
interface Row {
  course_id: string;
  active: Numeric;
  enrollers: Numeric;
  completers: Numeric;
  quiz_takers: Numeric;
  lesson_completers: Numeric;
}

// The same events rollup_course_engagement counts (0005: course_id set), restricted to the types these figures read.
const COLUMNS = sql`uniqExactIf(user_id, user_id != '') AS active,
  uniqExactIf(user_id, type = 'course.enrolled') AS enrollers,
  uniqExactIf(user_id, type = 'course.completed') AS completers,
  uniqExactIf(user_id, type = 'quiz.completed') AS quiz_takers,
  uniqExactIf(user_id, type = 'lesson.completed') AS lesson_completers`;

// The same groups from rollup_learner_figures_daily (0095): a learner is in a figure's group when
// one of the period's rows counts such an event (a count above 0 in any row: parts need not be
// merged). Rows are of learners with a user_id only; the raw query's rows of events without one
// count nobody.
const ROLLUP_COLUMNS = sql`uniqExact(user_id) AS active,
  uniqExactIf(user_id, enrollments > 0) AS enrollers,
  uniqExactIf(user_id, completions > 0) AS completers,
  uniqExactIf(user_id, quizzes > 0) AS quiz_takers,
  uniqExactIf(user_id, lesson_completions > 0) AS lesson_completers`;

const parse = (r: Row): CourseFigureLearners => ({
  active: Number(r.active),
  enrollers: Number(r.enrollers),
  completers: Number(r.completers),
  quizTakers: Number(r.quiz_takers),
  lessonCompleters: Number(r.lesson_completers),
});

/** The learning events rollup_course_engagement and rollup_company_learning count (0005, 0006). */
const LEARNING = sql`(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))`;

/**
 * One cell of the company's course cube: `courseId` null = every course summed (the company's
 * learning, events without a course included), `bucket` null = the whole period.
 */
export interface CourseLearnersCell {
  courseId: string | null;
  bucket: string | null;
  learners: CourseFigureLearners;
}

/**
 * For thresholded (partner) scopes only: rollup_course_engagement keeps one uniqExact state per
 * course and hour (all active learners), not one per figure, so the figure groups come from
 * rollup_learner_figures_daily (0095) for whole UTC days and from raw events otherwise (another
 * reporting timezone, HOUR buckets). Partner scopes are one company, so either reads that
 * company's rows of the period.
 */
export class CourseEngagementLearnersRepository {
  constructor(private readonly db: ClickHouse) {}

  /**
   * The learners of every figure of EVERY course of the scope with learning events in the
   * period (not only the courses a question lists), with the subtotals: the company (all learning
   * events, as companyLearningSummary counts them) and, with a granularity, each bucket of the
   * company and of each course (SQL GROUPING SETS). Complementary suppression of course figures
   * is decided on this whole cube (issue 13), so a caller's choice of ids cannot move it.
   */
  async universe(
    scope: TenantScope,
    period: Period,
    granularity: Granularity | null,
    source: FigureLearnersSource = figureLearnersSourceFor(period, granularity),
  ): Promise<CourseLearnersCell[]> {
    checkFigureLearnersSource(source, period, granularity);
    const rollup = source === 'rollup';
    const bucket = granularity === null ? null : bucketExpression(granularity, rollup ? 'day' : 'timestamp', period.timezone);
    const sets = bucket === null ? sql`(), (course_id)` : sql`(), (course_id), (bucket), (course_id, bucket)`;
    const from: SqlFragment = rollup
      ? sql`${this.db.table('rollup_learner_figures_daily')} WHERE learning > 0 AND ${onDay(period)} AND ${scopeCondition(scope)}`
      : sql`${this.db.table('events')} WHERE ${LEARNING} AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)}`;
    const rows = await this.db.query<Row & { bucket?: string; summed_out: Numeric }>(
      rollup ? 'metrics.course_engagement.figure_learners_universe_rollup' : 'metrics.course_engagement.figure_learners_universe',
      sql`SELECT course_id, ${bucket === null ? sql`` : sql`${bucket} AS bucket,`}
                 ${rollup ? ROLLUP_COLUMNS : COLUMNS},
                 grouping(course_id${bucket === null ? sql`` : sql`, bucket`}) AS summed_out
          FROM ${from}
          GROUP BY GROUPING SETS (${sets})`,
    );
    // grouping(): a bit per key, the first the highest, 1 where the key is summed out.
    const dims = bucket === null ? 1 : 2;
    return rows
      .map((r) => {
        const out = Number(r.summed_out);
        const courseOut = (out & (1 << (dims - 1))) !== 0;
        const bucketOut = dims === 1 || (out & 1) !== 0;
        return { courseId: courseOut ? null : r.course_id, bucket: bucketOut ? null : String(r.bucket), learners: parse(r) };
      })
      .filter((c) => c.courseId !== ''); // learning without a course is in the company's cells only
  }
}
