import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { coversWholeUtcDays, onDay } from '../rollup-source';
import { param, sql, type SqlFragment } from '../sql';

/** Which quizzes: one by id, or every quiz of a course. */
export type QuizSelection = { quizId: string } | { courseId: string };

export interface QuizRow {
  quizId: string;
  courseId: string;
  attempts: number;
  learners: number;
  /** Learners whose first attempt in the period passed. */
  firstAttemptPassers: number;
  /** Learners with a passed attempt in the period. */
  passers: number;
  /** Sum over passers of the attempts up to and including their first pass. */
  attemptsUntilPass: number;
  scoreSum: number;
  /** Attempts per tenth of the score range: [0, 10), ..., [80, 90), [90, 100]. */
  histogram: number[];
}

export interface QuestionRow {
  quizId: string;
  questionId: string;
  answers: number;
  correct: number;
  learners: number;
  /** Wrong answers and how often each was chosen, most chosen first (ties: answer text). */
  wrong: { answer: string; count: number }[];
}

/** The pass mark when an attempt does not say `passed` (design.md: passed = score >= 70). */
export const DEFAULT_PASS_MARK = 70;

/**
 * Quiz attempts (`quiz.completed`) and the per-question answers they carry in
 * `properties.answers` ([{question_id, answer, correct}]). Attempts from raw events: a learner's
 * first attempt and attempts until a pass need that learner's attempts in order, which no state
 * of a group keeps. Answers from the daily answers rollup (0093) for whole UTC days.
 */
export class QuizItemsRepository {
  constructor(private readonly db: ClickHouse) {}

  private where(scope: TenantScope, period: Period, selection: QuizSelection): SqlFragment {
    const which = 'quizId' in selection ? sql`quiz_id = ${selection.quizId}` : sql`course_id = ${selection.courseId} AND quiz_id != ''`;
    return sql`type = 'quiz.completed' AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)} AND ${which} AND user_id != ''`;
  }

  /**
   * quiz.completed attempts; an attempt without `passed` passes at its quiz's mark in
   * `passMarks` (the catalogue's pass threshold), else at DEFAULT_PASS_MARK.
   */
  async quizzes(scope: TenantScope, period: Period, selection: QuizSelection, passMarks: ReadonlyMap<string, number> = new Map()): Promise<QuizRow[]> {
    // Marks travel as text (the bound types have no float array) and are read back with toFloat64.
    const ids = param([...passMarks.keys()], 'Array(String)');
    const marks = param(
      [...passMarks.values()].map((m) => String(m)),
      'Array(String)',
    );
    const mark = sql`if(indexOf(${ids}, quiz_id) = 0, ${param(DEFAULT_PASS_MARK, 'Float64')}, toFloat64(${marks}[indexOf(${ids}, quiz_id)]))`;
    const rows = await this.db.query<{
      quiz_id: string;
      quiz_course_id: string;
      attempts: string;
      learners: string;
      first_passers: string;
      passers: string;
      until_pass: string;
      score_sum: number;
      histogram: string[];
    }>(
      'metrics.quiz_items.quizzes',
      // One row per (quiz, learner): the learner's attempts in time order (event_id breaks ties,
      // so the order is the same on every run), then one row per quiz.
      sql`SELECT quiz_id, anyIf(quiz_course, quiz_course != '') AS quiz_course_id, sum(n) AS attempts, count() AS learners,
                 countIf(outcomes[1]) AS first_passers, countIf(has(outcomes, true)) AS passers,
                 sumIf(indexOf(outcomes, true), has(outcomes, true)) AS until_pass,
                 sum(score_sum) AS score_sum, sumForEach(histogram) AS histogram
          FROM (
            SELECT quiz_id, user_id, anyIf(course_id, course_id != '') AS quiz_course, count() AS n, sum(score) AS score_sum,
                   arrayMap(x -> x.3, arraySort(x -> (x.1, x.2), groupArray((timestamp, event_id, ifNull(passed, score >= ${mark}))))) AS outcomes,
                   sumForEach(arrayMap(i -> toUInt64(i = least(9, toUInt32(floor(assumeNotNull(score) / 10)))), range(10))) AS histogram
            FROM ${this.db.table('events')}
            WHERE ${this.where(scope, period, selection)}
            GROUP BY quiz_id, user_id
          )
          GROUP BY quiz_id`,
    );
    return rows.map((r) => ({
      quizId: r.quiz_id,
      courseId: r.quiz_course_id,
      attempts: Number(r.attempts),
      learners: Number(r.learners),
      firstAttemptPassers: Number(r.first_passers),
      passers: Number(r.passers),
      attemptsUntilPass: Number(r.until_pass),
      scoreSum: Number(r.score_sum),
      histogram: r.histogram.map(Number),
    }));
  }

  /**
   * Per question: answers, correct answers, learners and the wrong answers chosen. For a period of
   * whole UTC days from rollup_quiz_answers_daily (0093), otherwise from raw events; `source`
   * lets a benchmark ask raw events for a period the rollup could answer.
   */
  async questions(
    scope: TenantScope,
    period: Period,
    selection: QuizSelection,
    source: 'rollup' | 'raw' = coversWholeUtcDays(period) ? 'rollup' : 'raw',
  ): Promise<QuestionRow[]> {
    if (source === 'rollup' && !coversWholeUtcDays(period)) throw new Error('rollup_quiz_answers_daily answers periods of whole UTC days only');
    const which = 'quizId' in selection ? sql`quiz_id = ${selection.quizId}` : sql`course_id = ${selection.courseId} AND quiz_id != ''`;
    const groups =
      source === 'rollup'
        ? sql`SELECT quiz_id, question_id, answer, correct, sum(answers) AS n, uniqExactMergeState(users) AS users
              FROM ${this.db.table('rollup_quiz_answers_daily')}
              WHERE ${onDay(period)} AND ${scopeCondition(scope)} AND ${which}
              GROUP BY quiz_id, question_id, answer, correct`
        : sql`SELECT quiz_id, toString(a.question_id) AS question_id, multiIf(dynamicType(a.answer) = 'None', '', dynamicType(a.answer) = 'String', toString(a.answer), toJSONString(a.answer)) AS answer,
                     toString(a.correct) = 'true' AS correct, count() AS n, uniqExactState(user_id) AS users
              FROM ${this.db.table('events')}
              ARRAY JOIN properties.answers[] AS a
              WHERE ${this.where(scope, period, selection)}
              GROUP BY quiz_id, question_id, answer, correct`;
    const rows = await this.db.query<{
      quiz_id: string;
      question_id: string;
      answers: string;
      right_answers: string;
      learners: string;
      wrong: [string, string][];
    }>(
      source === 'rollup' ? 'metrics.quiz_items.questions_rollup' : 'metrics.quiz_items.questions',
      sql`SELECT quiz_id, question_id, sum(n) AS answers, sumIf(n, correct) AS right_answers, uniqExactMerge(users) AS learners,
                 arraySort(x -> (-toInt64(x.2), x.1), groupArrayIf((answer, n), NOT correct AND answer != '')) AS wrong
          FROM (${groups})
          WHERE question_id != ''
          GROUP BY quiz_id, question_id`,
    );
    return rows.map((r) => ({
      quizId: r.quiz_id,
      questionId: r.question_id,
      answers: Number(r.answers),
      correct: Number(r.right_answers),
      learners: Number(r.learners),
      wrong: r.wrong.map(([answer, count]) => ({ answer, count: Number(count) })),
    }));
  }
}
