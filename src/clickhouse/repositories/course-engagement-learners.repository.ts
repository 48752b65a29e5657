import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { Granularity } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { sql } from '../sql';

/**
 * The learners each course figure describes (issue 13: a figure is thresholded on its own
 * people, not on the course's active learners): distinct user_id of the events behind it.
 */
export interface CourseFigureLearners {
  /** course.enrolled: enrollments, and the denominator of completionRate. */
  enrollers: number;
  /** course.completed: completions, completionRate. */
  completers: number;
  /** quiz.completed: averageQuizScore, quizPassRate. */
  quizTakers: number;
  /** lesson.completed: lessonCompletions. */
  lessonCompleters: number;
}

export const NO_FIGURE_LEARNERS: CourseFigureLearners = { enrollers: 0, completers: 0, quizTakers: 0, lessonCompleters: 0 };

type Numeric = number | string;
interface Row {
  course_id: string;
  enrollers: Numeric;
  completers: Numeric;
  quiz_takers: Numeric;
  lesson_completers: Numeric;
}

// The same events rollup_course_engagement counts (0005: course_id set), restricted to the types these figures read.
const COLUMNS = sql`uniqExactIf(user_id, type = 'course.enrolled') AS enrollers,
  uniqExactIf(user_id, type = 'course.completed') AS completers,
  uniqExactIf(user_id, type = 'quiz.completed') AS quiz_takers,
  uniqExactIf(user_id, type = 'lesson.completed') AS lesson_completers`;
const TYPES = sql`type IN ('course.enrolled', 'course.completed', 'quiz.completed', 'lesson.completed') AND user_id != '' AND course_id != ''`;

const parse = (r: Row): CourseFigureLearners => ({
  enrollers: Number(r.enrollers),
  completers: Number(r.completers),
  quizTakers: Number(r.quiz_takers),
  lessonCompleters: Number(r.lesson_completers),
});

/**
 * From RAW events, for thresholded (partner) scopes only: the rollup keeps one uniqExact state
 * per course and hour (all active learners), not one per figure. Partner scopes are one
 * company, so these scans read that company's learning events of the period.
 */
export class CourseEngagementLearnersRepository {
  constructor(private readonly db: ClickHouse) {}

  async totals(scope: TenantScope, period: Period, courseIds: string[]): Promise<Map<string, CourseFigureLearners>> {
    const rows = await this.db.query<Row>(
      'metrics.course_engagement.figure_learners',
      sql`SELECT course_id, ${COLUMNS} FROM ${this.db.table('events')}
          WHERE ${TYPES} AND course_id IN ${courseIds} AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)}
          GROUP BY course_id`,
    );
    return new Map(rows.map((r) => [r.course_id, parse(r)]));
  }

  async perBucket(scope: TenantScope, period: Period, granularity: Granularity, courseIds: string[]): Promise<Map<string, Map<string, CourseFigureLearners>>> {
    const bucket = bucketExpression(granularity, 'timestamp', period.timezone);
    const rows = await this.db.query<Row & { bucket: string }>(
      'metrics.course_engagement.figure_learners_per_bucket',
      sql`SELECT course_id, ${bucket} AS bucket, ${COLUMNS} FROM ${this.db.table('events')}
          WHERE ${TYPES} AND course_id IN ${courseIds} AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)}
          GROUP BY course_id, bucket`,
    );
    const result = new Map<string, Map<string, CourseFigureLearners>>();
    for (const r of rows) {
      const buckets = result.get(r.course_id) ?? new Map<string, CourseFigureLearners>();
      buckets.set(r.bucket, parse(r));
      result.set(r.course_id, buckets);
    }
    return result;
  }
}
