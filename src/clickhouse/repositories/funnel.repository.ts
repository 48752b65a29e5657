import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { propertyCondition, propertyText } from '../property-conditions';
import { eachStepFromRollup, stepRollupAnswers } from './funnel-step-rollup';
import type { FunnelQuery, FunnelStepFilter } from './funnel-query';
import { identifier, join, keyword, param, sql, type SqlFragment } from '../sql';

export type { FunnelEntity, FunnelQuery, FunnelStepFilter } from './funnel-query';

export interface FunnelGroup {
  value: string;
  /** reached[k] = entities of this group that reached step k + 1 or further. */
  reached: number[];
  /** Session funnels with `withLearners`: distinct user_id behind reached[k]. */
  learners?: number[];
}

export interface FunnelGroups {
  groups: FunnelGroup[];
  /** Session funnels with `withLearners`: distinct user_id behind each step over all groups; else null. */
  totalLearners: number[] | null;
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
  const columns = join(
    q.steps.map((_, i) => sql`${stepColumn(i)}`),
    ', ',
  );
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
    case 'EACH_STEP':
      throw new Error('EACH_STEP has no level: see eachStepPerGroup');
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
  const times = join(
    q.steps.map((_, i) => sql`arraySort(groupUniqArrayIf(toUInt32(toDateTime(timestamp)), ${stepColumn(i)}))`),
    ', ',
  );
  const n = param(q.steps.length, 'UInt32');
  return sql`arrayMax(arrayMap(
      anchor -> arrayFirstIndex(i -> i > ${n} OR NOT arrayExists(t -> t >= anchor AND t <= anchor + ${window}, step_times[i]), range(1, ${n} + 2)) - 1,
      arrayDistinct(arrayFlatten([${times}] AS step_times))))`;
}

type FunnelRow = { value: string; reached: (string | number)[]; learners?: (string | number)[]; total?: number | string };

/** The groups of a funnel statement's rows; with learners, the GROUPING SETS total row (total = 1) gives the learners of all groups. */
function funnelGroups(rows: readonly FunnelRow[], learners: boolean, steps: number): FunnelGroups {
  if (!learners) return { groups: rows.map((r) => ({ value: r.value, reached: r.reached.map(Number) })), totalLearners: null };
  const total = rows.find((r) => Number(r.total) === 1);
  return {
    groups: rows
      .filter((r) => Number(r.total) !== 1)
      .map((r) => ({ value: r.value, reached: r.reached.map(Number), learners: (r.learners ?? []).map(Number) })),
    totalLearners: total ? (total.learners ?? []).map(Number) : Array.from({ length: steps }, () => 0),
  };
}

/** Funnels read raw events: windowFunnel needs every event of an entity, not hourly states. */
/** A value a funnel step's events carry: the `page` column, or a `properties` path as text (as eventMetrics groups it). */
export type StepValueKey = { column: 'page' } | { property: string };

export class FunnelRepository {
  constructor(private readonly db: ClickHouse) {}

  /**
   * For each key, up to two of the distinct values it has among the step's events in the period
   * (none: nobody took the step). Partner funnels (issue 13): a restriction eventMetrics cannot
   * ask for (a pagePrefix, a `where` other than EQ) that only one value satisfies selects the same
   * events as an equality on that value.
   */
  async stepValues(scope: TenantScope, period: FunnelQuery['period'], step: FunnelStepFilter, keys: readonly StepValueKey[]): Promise<string[][]> {
    if (keys.length === 0) return [];
    const columns = keys.map((k, i) => {
      const value = 'column' in k ? sql`toString(page)` : propertyText(k.property);
      return sql`groupUniqArray(2)(${value}) AS ${identifier(`v${i}`)}`;
    });
    const rows = await this.db.query<Record<string, string[]>>(
      'metrics.funnel.step_values',
      sql`SELECT ${join(columns, ', ')} FROM ${this.db.table('events')}
          WHERE ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)} AND ${stepCondition(step)}`,
    );
    return keys.map((_k, i) => [...(rows[0]?.[`v${i}`] ?? [])].sort());
  }

  /** Entities that reached each step, per breakdown value (one group '' without a breakdown). */
  async reachedPerGroup(scope: TenantScope, q: FunnelQuery): Promise<FunnelGroups> {
    if (q.mode === 'EACH_STEP') return this.eachStepPerGroup(scope, q);
    const entity = keyword(q.entity);
    // A session's learner: its first non-empty user_id ('' for an anonymous session, which no
    // learner count includes). A user's sessions can fall in several breakdown groups, so the
    // total over groups is its own grouping set rather than a sum.
    const learners = q.withLearners === true && q.entity === 'session_id';
    const steps = param(q.steps.length + 1, 'UInt32');
    const learnerColumns = learners
      ? sql`, uniqExactIfForEach(arrayMap(k -> learner, range(1, ${steps})), arrayMap(k -> level >= k AND learner != '', range(1, ${steps}))) AS learners, grouping(breakdown) AS total`
      : sql``;
    const groupBy = learners ? sql`GROUPING SETS ((breakdown), ())` : sql`breakdown`;
    const dimension = q.breakdown === null ? sql`''` : sql`${keyword(q.breakdown)}`;
    const stepFlags = join(
      q.steps.map((step, i) => sql`${stepCondition(step)} AS ${stepColumn(i)}`),
      ', ',
    );
    const anyStep = join(
      q.steps.map((_, i) => sql`${stepColumn(i)}`),
      ' OR ',
    );
    const types = [...new Set(q.steps.map((s) => s.eventType))];
    const breakdown = q.breakdown === null ? sql`''` : sql`argMinIf(dimension, timestamp, ${stepColumn(0)})`;
    const rows = await this.db.query<FunnelRow>(
      `metrics.funnel.${q.mode.toLowerCase()}`,
      sql`SELECT breakdown AS value, sumForEach(arrayMap(k -> toUInt64(level >= k), range(1, ${steps}))) AS reached${learnerColumns}
          FROM (
            SELECT entity, ${levelExpression(q)} AS level, ${breakdown} AS breakdown${learners ? sql`, anyIf(user_id, user_id != '') AS learner` : sql``}
            FROM (
              SELECT ${entity} AS entity, timestamp, ${dimension} AS dimension, ${stepFlags}${learners ? sql`, user_id` : sql``}
              FROM ${this.db.table('events')}
              WHERE ${periodCondition(q.period, 'timestamp')} AND ${scopeCondition(scope)} AND ${entity} != '' AND type IN ${types}
            )
            WHERE ${anyStep}
            GROUP BY entity
          )
          WHERE level > 0
          GROUP BY ${groupBy}`,
    );
    return funnelGroups(rows, learners, q.steps.length);
  }

  /**
   * EACH_STEP: per step, the entities with an event of it in the period. Without a breakdown and
   * learner counts this is one pass over the step events with one uniqExactIf per step (no
   * GROUP BY entity, no windowFunnel: the cheap shape of the documented login funnel). With
   * either, entities are grouped first so each has one breakdown value (that of its first event of any step)
   * and one learner (its first non-empty user_id), as in the ordered modes.
   */
  private async eachStepPerGroup(scope: TenantScope, q: FunnelQuery): Promise<FunnelGroups> {
    const entity = keyword(q.entity);
    const types = [...new Set(q.steps.map((s) => s.eventType))];
    const where = sql`${periodCondition(q.period, 'timestamp')} AND ${scopeCondition(scope)} AND ${entity} != '' AND type IN ${types}`;
    const learners = q.withLearners === true && q.entity === 'session_id';
    if (stepRollupAnswers(q, learners)) {
      const reached = await eachStepFromRollup(this.db, scope, q);
      return { groups: reached.some((n) => n > 0) ? [{ value: '', reached }] : [], totalLearners: null };
    }
    if (q.breakdown === null && !learners) {
      const counts = join(
        q.steps.map((step, i) => sql`uniqExactIf(${entity}, ${stepCondition(step)}) AS ${stepColumn(i)}`),
        ', ',
      );
      const rows = await this.db.query<Record<string, string | number>>(
        'metrics.funnel.each_step',
        sql`SELECT ${counts} FROM ${this.db.table('events')} WHERE ${where}`,
      );
      const reached = q.steps.map((_, i) => Number(rows[0]?.[`s${i + 1}`] ?? 0));
      return { groups: reached.some((n) => n > 0) ? [{ value: '', reached }] : [], totalLearners: null };
    }
    const n = param(q.steps.length, 'UInt32');
    const stepFlags = join(
      q.steps.map((step, i) => sql`${stepCondition(step)} AS ${stepColumn(i)}`),
      ', ',
    );
    const hits = join(
      q.steps.map((_, i) => sql`max(${stepColumn(i)})`),
      ', ',
    );
    const anyStep = join(
      q.steps.map((_, i) => sql`${stepColumn(i)}`),
      ' OR ',
    );
    const dimension = q.breakdown === null ? sql`''` : sql`${keyword(q.breakdown)}`;
    const breakdown = q.breakdown === null ? sql`''` : sql`argMin(dimension, timestamp)`;
    const learnerColumns = learners
      ? sql`, uniqExactIfForEach(arrayMap(k -> learner, range(1, ${n} + 1)), arrayMap(k -> hits[k] = 1 AND learner != '', range(1, ${n} + 1))) AS learners, grouping(breakdown) AS total`
      : sql``;
    const groupBy = learners ? sql`GROUPING SETS ((breakdown), ())` : sql`breakdown`;
    const rows = await this.db.query<FunnelRow>(
      'metrics.funnel.each_step',
      sql`SELECT breakdown AS value, sumForEach(arrayMap(k -> toUInt64(hits[k] = 1), range(1, ${n} + 1))) AS reached${learnerColumns}
          FROM (
            SELECT entity, [${hits}] AS hits, ${breakdown} AS breakdown${learners ? sql`, anyIf(user_id, user_id != '') AS learner` : sql``}
            FROM (
              SELECT ${entity} AS entity, timestamp, ${dimension} AS dimension, ${stepFlags}${learners ? sql`, user_id` : sql``}
              FROM ${this.db.table('events')}
              WHERE ${where}
            )
            WHERE ${anyStep}
            GROUP BY entity
          )
          GROUP BY ${groupBy}`,
    );
    return funnelGroups(rows, learners, q.steps.length);
  }
}
