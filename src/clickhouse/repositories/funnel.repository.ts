import type { Period } from '../../metrics/period';
import type { PropertyFilter } from '../../metrics/property-filter';
import type { TenantScope } from '../../metrics/scope';
import type { DimensionColumn } from '../../schema/dimension.enum';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { propertyCondition } from '../property-conditions';
import { identifier, join, keyword, param, sql, type SqlFragment } from '../sql';

export type FunnelMode = 'ORDERED' | 'STRICT_ORDER' | 'UNORDERED';

/** The column that identifies who converts: a learner or one session. */
export type FunnelEntity = 'user_id' | 'session_id';

/** Which events count as one step: all given conditions hold. */
export interface FunnelStepFilter {
  eventType: string;
  courseId: string | null;
  lessonId: string | null;
  pagePrefix: string | null;
  where: readonly PropertyFilter[];
}

export interface FunnelQuery {
  period: Pick<Period, 'fromUtc' | 'toUtc'>;
  steps: readonly FunnelStepFilter[];
  windowSeconds: number;
  mode: FunnelMode;
  entity: FunnelEntity;
  /** Group entities by this column's value on their first step-1 event; null = one group ''. */
  breakdown: DimensionColumn | null;
}

export interface FunnelGroup {
  value: string;
  /** reached[k] = entities of this group that reached step k + 1 or further. */
  reached: number[];
}

function stepCondition(step: FunnelStepFilter): SqlFragment {
  const conditions = [sql`type = ${step.eventType}`];
  if (step.courseId !== null) conditions.push(sql`course_id = ${step.courseId}`);
  if (step.lessonId !== null) conditions.push(sql`lesson_id = ${step.lessonId}`);
  if (step.pagePrefix !== null) conditions.push(sql`startsWith(page, ${step.pagePrefix})`);
  conditions.push(...step.where.map(propertyCondition));
  return sql`(${join(conditions, ' AND ')})`;
}

const stepColumn = (i: number) => identifier(`s${i + 1}`);

/**
 * The highest step each entity reached. windowFunnel takes DateTime, not DateTime64, so
 * timestamps are cut to whole seconds; it keeps a step reached at exactly `window` seconds
 * after step 1, and orders events of the same second by step number.
 */
function levelExpression(q: FunnelQuery): SqlFragment {
  const columns = join(q.steps.map((_, i) => sql`${stepColumn(i)}`), ', ');
  const window = sql`${param(q.windowSeconds, 'UInt32')}`;
  switch (q.mode) {
    case 'ORDERED':
      return sql`windowFunnel(${window})(toDateTime(timestamp), ${columns})`;
    case 'STRICT_ORDER':
      // In ClickHouse 26 strict_order also breaks on rows that match no condition, so the rows
      // fed to it must be step events only (the WHERE on s1..sN below) to mean "no other step
      // event in between". It stops at the first break: a clean chain after it is not found.
      return sql`windowFunnel(${window}, ${keyword("'strict_order'")})(toDateTime(timestamp), ${columns})`;
    case 'UNORDERED':
      return unorderedLevel(q, window);
  }
}

/**
 * windowFunnel has no unordered mode. Step k is reached when some span of `window` seconds
 * holds an event of every step 1..k, in any order. Such a span can always start at one of the
 * entity's step events, so for each of those anchors count the leading steps that have an
 * event in [anchor, anchor + window]; the entity's level is the best anchor's count. The
 * search for the first missing step runs to n + 1, whose (out of range) times are empty.
 * Cost per entity grows with (distinct step-event seconds)^2, fine for funnel-sized journeys.
 */
function unorderedLevel(q: FunnelQuery, window: SqlFragment): SqlFragment {
  const times = join(q.steps.map((_, i) => sql`arraySort(groupUniqArrayIf(toUInt32(toDateTime(timestamp)), ${stepColumn(i)}))`), ', ');
  const n = param(q.steps.length, 'UInt32');
  return sql`arrayMax(arrayMap(
      anchor -> arrayFirstIndex(i -> i > ${n} OR NOT arrayExists(t -> t >= anchor AND t <= anchor + ${window}, step_times[i]), range(1, ${n} + 2)) - 1,
      arrayDistinct(arrayFlatten([${times}] AS step_times))))`;
}

/** Funnels read raw events: windowFunnel needs every event of an entity, not hourly states. */
export class FunnelRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Entities that reached each step, per breakdown value (one group '' without a breakdown). */
  async reachedPerGroup(scope: TenantScope, q: FunnelQuery): Promise<FunnelGroup[]> {
    const entity = keyword(q.entity);
    const dimension = q.breakdown === null ? sql`''` : sql`${keyword(q.breakdown)}`;
    const stepFlags = join(q.steps.map((step, i) => sql`${stepCondition(step)} AS ${stepColumn(i)}`), ', ');
    const anyStep = join(q.steps.map((_, i) => sql`${stepColumn(i)}`), ' OR ');
    const types = [...new Set(q.steps.map((s) => s.eventType))];
    const breakdown = q.breakdown === null ? sql`''` : sql`argMinIf(dimension, timestamp, ${stepColumn(0)})`;
    const rows = await this.db.query<{ value: string; reached: (string | number)[] }>(
      `metrics.funnel.${q.mode.toLowerCase()}`,
      sql`SELECT breakdown AS value, sumForEach(arrayMap(k -> toUInt64(level >= k), range(1, ${param(q.steps.length + 1, 'UInt32')}))) AS reached
          FROM (
            SELECT entity, ${levelExpression(q)} AS level, ${breakdown} AS breakdown
            FROM (
              SELECT ${entity} AS entity, timestamp, ${dimension} AS dimension, ${stepFlags}
              FROM ${this.db.table('events')}
              WHERE ${periodCondition(q.period, 'timestamp')} AND ${scopeCondition(scope)} AND ${entity} != '' AND type IN ${types}
            )
            WHERE ${anyStep}
            GROUP BY entity
          )
          WHERE level > 0
          GROUP BY breakdown`,
    );
    return rows.map((r) => ({ value: r.value, reached: r.reached.map(Number) }));
  }
}
