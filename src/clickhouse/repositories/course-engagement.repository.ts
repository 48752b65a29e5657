import type { CourseOrder, Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { rawCourseEngagement } from '../raw-rollup-states';
import { rollupSource, type RollupTiers } from '../rollup-source';
import { param, sql, type SqlFragment } from '../sql';

/**
 * Daily states (0023) for UTC days, weeks, months; hourly states for HOUR and other whole-hour
 * zones; periods whose buckets a UTC hour cannot cut (India, Nepal, Adelaide) are recomputed
 * from raw events per quarter hour. Exact from every tier.
 */
const TIERS: RollupTiers = { daily: 'rollup_course_engagement_daily', hourly: 'rollup_course_engagement', raw: rawCourseEngagement };

export interface CourseEngagementCounts {
  enrollments: number;
  completions: number;
  activeLearners: number;
  learningTimeSeconds: number;
  lessonCompletions: number;
}

export interface CourseEngagementTotalsRow extends CourseEngagementCounts {
  /** Mean quiz.completed score; null when no scored quiz. */
  averageQuizScore: number | null;
  quizzes: number;
  quizzesPassed: number;
}

export interface CohortCounts {
  /** Distinct learners with a course.enrolled in the period. */
  enrollees: number;
  /** Of those, the ones with a course.completed for the course at any time. */
  completers: number;
}

// Ties are broken by course_id so a limited list is the same on every call.
const ORDER_BY: Record<CourseOrder, SqlFragment> = {
  ENROLLMENTS_DESC: sql`countMerge(enrollments) DESC, course_id`,
  COMPLETIONS_DESC: sql`countMerge(completions) DESC, course_id`,
  ACTIVE_LEARNERS_DESC: sql`uniqExactMerge(active_learners) DESC, course_id`,
  LEARNING_TIME_DESC: sql`sumMerge(learning_time_seconds) DESC, course_id`,
  COURSE_ID_ASC: sql`course_id`,
};

type Numeric = number | string;

interface CountsRow {
  enrollments: Numeric;
  completions: Numeric;
  active_learners: Numeric;
  learning_time_seconds: Numeric;
  lesson_completions: Numeric;
}

const COUNTS = sql`countMerge(enrollments) AS enrollments, countMerge(completions) AS completions,
  uniqExactMerge(active_learners) AS active_learners, sumMerge(learning_time_seconds) AS learning_time_seconds,
  countMerge(lesson_completions) AS lesson_completions`;

// UInt64 results arrive as JSON strings from a server (output_format_json_quote_64bit_integers)
// and as numbers from the embedded engine: Number() reads both.
const counts = (r: CountsRow): CourseEngagementCounts => ({
  enrollments: Number(r.enrollments),
  completions: Number(r.completions),
  activeLearners: Number(r.active_learners),
  learningTimeSeconds: Number(r.learning_time_seconds),
  lessonCompletions: Number(r.lesson_completions),
});

/** Per-course engagement from rollup_course_engagement (hourly states; uniqExact: exact), and the cohort from raw events. */
export class CourseEngagementRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Totals per course over the period; courses with no activity are absent. */
  async totals(scope: TenantScope, period: Period, courseIds: string[]): Promise<Map<string, CourseEngagementTotalsRow>> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<CountsRow & { course_id: string; quiz_score: number | null; quizzes: Numeric; quizzes_passed: Numeric }>(
      'metrics.course_engagement.totals',
      sql`SELECT course_id, ${COUNTS}, avgMerge(quiz_score) AS quiz_score, countMerge(quizzes) AS quizzes, countMerge(quizzes_passed) AS quizzes_passed
          FROM ${source.from}
          WHERE course_id IN ${courseIds} AND ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY course_id`,
    );
    return new Map(
      rows.map((r) => [
        r.course_id,
        {
          ...counts(r),
          // avgMerge of no values is nan, which JSON output writes as null
          // (output_format_json_quote_denormals = 0).
          averageQuizScore: r.quiz_score === null || !Number.isFinite(Number(r.quiz_score)) ? null : Number(r.quiz_score),
          quizzes: Number(r.quizzes),
          quizzesPassed: Number(r.quizzes_passed),
        },
      ]),
    );
  }

  /** Per course, per calendar bucket of the period timezone; empty buckets are absent. */
  async perBucket(
    scope: TenantScope,
    period: Period,
    granularity: Granularity,
    courseIds: string[],
  ): Promise<Map<string, Map<string, CourseEngagementCounts>>> {
    const source = rollupSource(this.db, TIERS, [period], granularity);
    const bucket = bucketExpression(granularity, source.column, period.timezone);
    const rows = await this.db.query<CountsRow & { course_id: string; bucket: string }>(
      'metrics.course_engagement.per_bucket',
      sql`SELECT course_id, ${bucket} AS bucket, ${COUNTS}
          FROM ${source.from}
          WHERE course_id IN ${courseIds} AND ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY course_id, bucket ORDER BY course_id, bucket`,
    );
    const result = new Map<string, Map<string, CourseEngagementCounts>>();
    for (const r of rows) {
      const buckets = result.get(r.course_id) ?? new Map<string, CourseEngagementCounts>();
      buckets.set(r.bucket, counts(r));
      result.set(r.course_id, buckets);
    }
    return result;
  }

  /**
   * Cohort completion from RAW events: the rollup counts events per hour and cannot tell
   * whether the learner who completed is one who enrolled in the period. Both sides are
   * DISTINCT (course, learner) pairs, so repeated enrollments or completions count once; the
   * completion may be at any time (before, during or after the period), in the same scope.
   */
  async cohort(scope: TenantScope, period: Period, courseIds: string[]): Promise<Map<string, CohortCounts>> {
    const events = this.db.table('events');
    const rows = await this.db.query<{ course_id: string; enrollees: Numeric; completers: Numeric }>(
      'metrics.course_engagement.cohort',
      sql`SELECT course_id, count() AS enrollees,
                 countIf((course_id, user_id) IN (
                     SELECT course_id, user_id FROM ${events}
                     WHERE type = 'course.completed' AND course_id IN ${courseIds} AND ${scopeCondition(scope)})) AS completers
          FROM (
              SELECT DISTINCT course_id, user_id FROM ${events}
              WHERE type = 'course.enrolled' AND user_id != '' AND course_id IN ${courseIds}
                AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)})
          GROUP BY course_id`,
    );
    return new Map(rows.map((r) => [r.course_id, { enrollees: Number(r.enrollees), completers: Number(r.completers) }]));
  }

  /** Courses with any learning event in the period, ordered, at most `limit`. */
  async listActive(scope: TenantScope, period: Period, orderBy: CourseOrder, limit: number): Promise<string[]> {
    const source = rollupSource(this.db, TIERS, [period], 'DAY');
    const rows = await this.db.query<{ course_id: string }>(
      'metrics.course_engagement.list',
      sql`SELECT course_id FROM ${source.from}
          WHERE ${source.within(period)} AND ${scopeCondition(scope)}
          GROUP BY course_id ORDER BY ${ORDER_BY[orderBy]} LIMIT ${param(limit, 'UInt32')}`,
    );
    return rows.map((r) => r.course_id);
  }
}
