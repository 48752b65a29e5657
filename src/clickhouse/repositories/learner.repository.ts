import type { Period } from '../../domain/period';
import type { LearnerScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { sql } from '../sql';

export interface LearnerMetricsRow {
  practiceSessionsCompleted: number;
  averageScore: number | null;
  practiceTimeSeconds: number;
  lastActiveAt: Date | null;
  coursesEnrolled: number;
  coursesCompleted: number;
}

/**
 * One learner's figures from RAW events (no rollup is keyed by user). The sort key starts with
 * type and day, so these lookups by user_id rely on the events table's bloom-filter index.
 */
export class LearnerRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Whether the user has any event at all within the scope. */
  async exists(scope: LearnerScope, userId: string): Promise<boolean> {
    const rows = await this.db.query<{ found: number }>(
      'metrics.learner.exists',
      sql`SELECT 1 AS found FROM ${this.db.table('events')} WHERE user_id = ${userId} AND ${scopeCondition(scope)} LIMIT 1`,
    );
    return rows.length > 0;
  }

  async metrics(scope: LearnerScope, userId: string, period: Period): Promise<LearnerMetricsRow> {
    const inPeriod = sql`timestamp >= ${period.fromUtc}`;
    // One scan of the user's events up to the period end: lastActiveAt looks before the period
    // too, the other figures only inside it. maxOrNull / avgIf on the Nullable score give NULL
    // (not epoch 0 or nan) when nothing matched.
    const rows = await this.db.query<{
      practices: string;
      score: number | null;
      practice_time: string;
      last_active_ms: string | null;
      enrolled: string;
      completed: string;
    }>(
      'metrics.learner.metrics',
      sql`SELECT
            countIf(type = 'practice_session.completed' AND ${inPeriod}) AS practices,
            avgIf(score, type = 'practice_session.completed' AND ${inPeriod}) AS score,
            sumIf(toUInt64(duration_seconds), type = 'practice_session.completed' AND ${inPeriod}) AS practice_time,
            toUnixTimestamp64Milli(maxOrNull(timestamp)) AS last_active_ms,
            uniqExactIf(course_id, type = 'course.enrolled' AND course_id != '' AND ${inPeriod}) AS enrolled,
            uniqExactIf(course_id, type = 'course.completed' AND course_id != '' AND ${inPeriod}) AS completed
          FROM ${this.db.table('events')}
          WHERE user_id = ${userId} AND timestamp < ${period.toUtc} AND ${scopeCondition(scope)}`,
    );
    const r = rows[0];
    return {
      practiceSessionsCompleted: Number(r?.practices ?? 0),
      averageScore: r?.score == null ? null : Number(r.score),
      practiceTimeSeconds: Number(r?.practice_time ?? 0),
      lastActiveAt: r?.last_active_ms == null ? null : new Date(Number(r.last_active_ms)),
      coursesEnrolled: Number(r?.enrolled ?? 0),
      coursesCompleted: Number(r?.completed ?? 0),
    };
  }
}
