import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { coversWholeUtcDays, onDay } from '../rollup-source';
import { identifier, join, sql, type SqlFragment } from '../sql';
import type { FunnelQuery, FunnelStepFilter } from './funnel-query';

/** A pagePrefix the rollup's page_root answers exactly: '/' then no '/', '?' or '#' (0091). */
const ROOT_PREFIX = /^\/[^/?#]*$/;

/** True when every event this step counts can be told from rollup_step_sessions_daily's keys. */
function answerable(step: FunnelStepFilter): boolean {
  if (step.courseId !== null || step.lessonId !== null) return false;
  if (step.pagePrefix !== null && !ROOT_PREFIX.test(step.pagePrefix)) return false;
  if (step.where.length === 0) return true;
  // The clicked element, as the raw filter reads it (the text of properties.element).
  const [filter] = step.where;
  return step.where.length === 1 && step.eventType === 'ui.clicked' && filter.property === 'element' && filter.op === 'EQ';
}

/**
 * Whether an EACH_STEP funnel can be answered from the daily step rollup: counts only (no
 * breakdown, no learner counts), whole UTC days, and steps restricted at most by a root page
 * prefix and the clicked element. Anything else reads raw events.
 */
export function stepRollupAnswers(q: FunnelQuery, learners: boolean): boolean {
  return q.mode === 'EACH_STEP' && q.breakdown === null && !learners && coversWholeUtcDays(q.period) && q.steps.every(answerable);
}

function stepCondition(step: FunnelStepFilter): SqlFragment {
  const conditions = [sql`type = ${step.eventType}`];
  if (step.pagePrefix !== null) conditions.push(sql`startsWith(page_root, ${step.pagePrefix})`);
  if (step.where.length === 1) conditions.push(sql`element = ${step.where[0].value}`);
  return sql`(${join(conditions, ' AND ')})`;
}

/**
 * EACH_STEP from rollup_step_sessions_daily (0091): per step, the sessions (or users) with an
 * event of it in the period, one merge of the days' states per step. Equal to the raw
 * uniqExactIf per step for every query stepRollupAnswers accepts.
 */
export async function eachStepFromRollup(db: ClickHouse, scope: TenantScope, q: FunnelQuery): Promise<number[]> {
  const state = q.entity === 'session_id' ? sql`sessions` : sql`users`;
  const types = [...new Set(q.steps.map((s) => s.eventType))];
  const counts = join(
    q.steps.map((step, i) => sql`uniqExactMergeIf(${state}, ${stepCondition(step)}) AS ${identifier(`s${i + 1}`)}`),
    ', ',
  );
  const rows = await db.query<Record<string, string | number>>(
    'metrics.funnel.each_step_rollup',
    sql`SELECT ${counts} FROM ${db.table('rollup_step_sessions_daily')}
        WHERE ${onDay(q.period)} AND ${scopeCondition(scope)} AND type IN ${types}`,
  );
  return q.steps.map((_, i) => Number(rows[0]?.[`s${i + 1}`] ?? 0));
}
