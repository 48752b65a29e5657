import type { LearnerStatus } from '../../domain/catalog';
import type { LearnerScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { param, sql, type SqlFragment } from '../sql';

type Numeric = number | string;

export interface StatusRule {
  /** The instant statuses are judged at; events up to the end of its hour count. */
  asOf: Date;
  atRiskAfterDays: number;
  inactiveAfterDays: number;
  /** The course's pass threshold (percent), or null: then the score part of the rule never applies. */
  passThreshold: number | null;
}

export interface CourseLearnerRow {
  userId: string;
  status: LearnerStatus;
  enrolled: boolean;
  lessonsCompleted: number;
  lastActivityAt: Date;
  averageQuizScore: number | null;
  quizzesScored: number;
}

export interface CourseLearnerCounts {
  onTrack: number;
  atRisk: number;
  inactive: number;
  completed: number;
}

const dateOf = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);

/**
 * learners(courseId, status) from rollup_learner_course (0041): one group per learner of the
 * course (any learning event on it, in the scope, up to the end of asOf's hour), with the
 * status rule evaluated in SQL so filtering, ordering and the limit happen in ClickHouse.
 * Learner-level: the methods take a LearnerScope (Tenancy.learnerScopeFor).
 */
export class CourseLearnersRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Distinct lesson_id with lesson events on the course (the lessons a course without a complete catalogue has). */
  async lessonsSeen(scope: LearnerScope, courseId: string, asOf: Date): Promise<string[]> {
    const rows = await this.db.query<{ lesson_id: string }>(
      'metrics.learners.lessons_seen',
      sql`SELECT DISTINCT lesson_id FROM ${this.db.table('rollup_learner_course')}
          WHERE course_id = ${courseId} AND lesson_id != '' AND ${this.upTo(asOf)} AND ${scopeCondition(scope)}`,
    );
    return rows.map((r) => r.lesson_id);
  }

  async list(scope: LearnerScope, courseId: string, rule: StatusRule, status: LearnerStatus | null, limit: number): Promise<CourseLearnerRow[]> {
    const rows = await this.db.query<{
      user_id: string;
      status: LearnerStatus;
      enrolled: Numeric;
      lessons_completed: Numeric;
      last_at: string;
      quiz_score: number | null;
      quizzes: Numeric;
    }>(
      'metrics.learners.list',
      sql`SELECT user_id, status, enrolled, lessons_completed, toString(last_at) AS last_at, quiz_score, quizzes
          FROM (${this.perLearner(scope, courseId, rule)})
          WHERE ${status === null ? sql`1` : sql`status = ${status}`}
          ORDER BY last_at, user_id
          LIMIT ${param(limit, 'UInt32')}`,
    );
    return rows.map((r) => ({
      userId: r.user_id,
      status: r.status,
      enrolled: Number(r.enrolled) > 0,
      lessonsCompleted: Number(r.lessons_completed),
      lastActivityAt: dateOf(r.last_at),
      averageQuizScore: r.quiz_score === null || !Number.isFinite(Number(r.quiz_score)) ? null : Number(r.quiz_score),
      quizzesScored: Number(r.quizzes),
    }));
  }

  async counts(scope: LearnerScope, courseId: string, rule: StatusRule): Promise<CourseLearnerCounts> {
    const rows = await this.db.query<{ status: LearnerStatus; n: Numeric }>(
      'metrics.learners.counts',
      sql`SELECT status, count() AS n FROM (${this.perLearner(scope, courseId, rule)}) GROUP BY status`,
    );
    const n = (s: LearnerStatus) => Number(rows.find((r) => r.status === s)?.n ?? 0);
    return { onTrack: n('ON_TRACK'), atRisk: n('AT_RISK'), inactive: n('INACTIVE'), completed: n('COMPLETED') };
  }

  /** Events up to the end of the hour asOf falls in (the rollup's grain). */
  private upTo(asOf: Date): SqlFragment {
    return sql`hour <= toStartOfHour(${asOf})`;
  }

  /**
   * One row per learner with the status rule (the learners field's description says the same):
   * COMPLETED with a course.completed; else INACTIVE when the last learning activity on the
   * course is inactiveAfterDays or more before asOf; else AT_RISK when enrolled and (silent for
   * atRiskAfterDays or more, or average quiz score under the pass threshold); else ON_TRACK.
   */
  private perLearner(scope: LearnerScope, courseId: string, rule: StatusRule): SqlFragment {
    const asOf = rule.asOf;
    const lowScore = rule.passThreshold === null ? sql`0` : sql`(quizzes > 0 AND quiz_score < ${param(rule.passThreshold, 'Float64')})`;
    return sql`
      SELECT user_id, enrolled, lessons_completed, last_at, quiz_score, quizzes,
             multiIf(completions > 0, 'COMPLETED',
                     last_at <= ${asOf} - toIntervalDay(${param(rule.inactiveAfterDays, 'UInt32')}), 'INACTIVE',
                     enrolled > 0 AND (last_at <= ${asOf} - toIntervalDay(${param(rule.atRiskAfterDays, 'UInt32')}) OR ${lowScore}), 'AT_RISK',
                     'ON_TRACK') AS status
      FROM (
          SELECT user_id, sum(enrollments) AS enrolled, sum(course_completions) AS completions,
                 uniqExactIf(lesson_id, lesson_completions > 0) AS lessons_completed, max(last_at) AS last_at,
                 if(sum(quizzes_scored) = 0, NULL, sum(quiz_score_sum) / sum(quizzes_scored)) AS quiz_score, sum(quizzes_scored) AS quizzes
          FROM ${this.db.table('rollup_learner_course')}
          WHERE course_id = ${courseId} AND ${this.upTo(asOf)} AND ${scopeCondition(scope)}
          GROUP BY user_id)`;
  }
}
