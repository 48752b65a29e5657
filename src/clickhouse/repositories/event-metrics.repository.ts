import type { GroupBy, MeasureSpec, NumericSource, PropertyPath } from '../../domain/arguments';
import type { Granularity, GroupColumn } from '../../domain/vocabulary';
import { bucketExpression } from '../bucket-expression';
import type { Period } from '../../domain/period';
import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { periodCondition, scopeCondition } from '../conditions';
import { propertyText as propertyPathText } from '../property-conditions';
import { identifier, join, keyword, param, sql, type SqlFragment } from '../sql';

/** Envelope columns a breakdown may group by: the closed set that can reach SQL as a name. */
const GROUP_COLUMN_SQL: Record<GroupColumn, ReturnType<typeof keyword>> = {
  course_id: keyword('course_id'),
  lesson_id: keyword('lesson_id'),
  module_id: keyword('module_id'),
  quiz_id: keyword('quiz_id'),
  company_id: keyword('company_id'),
  platform: keyword('platform'),
  country: keyword('country'),
  page: keyword('page'),
  utm_source: keyword('utm_source'),
  utm_medium: keyword('utm_medium'),
  utm_campaign: keyword('utm_campaign'),
  source: keyword('source'),
  currency: keyword('currency'),
};

export interface EventMetricsQuery {
  eventType: string;
  measure: MeasureSpec;
  groupBy: readonly GroupBy[];
  granularity: Granularity | null;
  limit: number;
  /** Also count each row's distinct non-empty user_id (the privacy threshold of partner views). */
  withLearners?: boolean;
  /**
   * Also every marginal (GROUPING SETS of every subset of bucket and groupBy): the cube the
   * partner views' suppression is decided on (src/domain/suppression.ts suppressedCube).
   */
  marginals?: boolean;
}

export interface EventMetricsRow {
  bucket: string | null;
  group: string[];
  value: number;
  /** Distinct non-empty user_id of the row's events when `withLearners`; else null. */
  learners: number | null;
  /**
   * With `marginals`: which keys the row sums out, a bit per key in the order [bucket (with a
   * granularity), groupBy...], the first key the highest bit (SQL grouping()); 0 = a row of the table.
   */
  summedOut: number;
}

/**
 * The leaf at `path` of the JSON column, as text ('' when absent): the same expression the
 * funnel's `where` conditions compare (src/clickhouse/property-conditions.ts), so a funnel step
 * and an eventMetrics group of one property value are the same events (partner funnels take
 * eventMetrics' decision on them, src/metrics/funnel.service.ts).
 */
function propertyText(p: PropertyPath): SqlFragment {
  return propertyPathText(p.path.join('.'));
}

function groupSql(d: GroupBy): SqlFragment {
  return 'column' in d ? sql`toString(${GROUP_COLUMN_SQL[d.column]})` : propertyText(d);
}

/** The value inside sum/avg, and the condition for an event to have one. */
function numericSql(source: NumericSource): { value: SqlFragment; present: SqlFragment } {
  if (!('column' in source)) {
    // JSON leaves are Dynamic (Int64, Float64, String, Bool...): going through text takes
    // numbers and numeric strings alike; anything else (and nan/inf) counts as no value.
    const value = sql`toFloat64OrNull(${propertyText(source)})`;
    return { value, present: sql`isFinite(ifNull(${value}, nan))` };
  }
  switch (source.column) {
    case 'duration_seconds':
      return { value: sql`duration_seconds`, present: sql`1` };
    case 'score':
      return { value: sql`score`, present: sql`score IS NOT NULL` };
    case 'amount':
      return { value: sql`amount`, present: sql`amount IS NOT NULL` };
  }
}

/** Generic breakdowns of one event type over RAW events (the `type` + day sort key prunes the scan). */
export class EventMetricsRepository {
  constructor(private readonly db: ClickHouse) {}

  async breakdown(scope: TenantScope, period: Period, q: EventMetricsQuery): Promise<EventMetricsRow[]> {
    let measure: SqlFragment;
    let present = sql`1`;
    switch (q.measure.kind) {
      case 'COUNT':
        measure = sql`toFloat64(count())`;
        break;
      case 'UNIQUE_USERS':
        measure = sql`toFloat64(uniqExactIf(user_id, user_id != ''))`;
        break;
      case 'SUM':
      case 'AVG': {
        const n = numericSql(q.measure.source);
        present = n.present;
        // sum of Decimal(18, 4) stays exact until the final conversion to Float64.
        measure = q.measure.kind === 'SUM' ? sql`toFloat64(sum(${n.value}))` : sql`toFloat64(avg(${n.value}))`;
        break;
      }
    }
    const groupAliases = q.groupBy.map((_, i) => identifier(`g${i}`));
    const select: SqlFragment[] = [];
    const keys: SqlFragment[] = [];
    if (q.granularity !== null) {
      select.push(sql`${bucketExpression(q.granularity, 'timestamp', period.timezone)} AS bucket`);
      keys.push(sql`bucket`);
    }
    q.groupBy.forEach((d, i) => {
      select.push(sql`${groupSql(d)} AS ${groupAliases[i]}`);
      keys.push(sql`${groupAliases[i]}`);
    });
    select.push(sql`${measure} AS value`);
    if (q.withLearners) select.push(sql`uniqExactIf(user_id, user_id != '') AS learners`);
    // Without keys the aggregate still yields one row over zero events; HAVING drops it, so
    // every row stands for at least one event.
    const cube = q.marginals === true && keys.length > 0;
    if (cube) select.push(sql`grouping(${join(keys, ', ')}) AS summed_out`);
    // The cube: every subset of the keys, finest first (2^keys sets; at most 4 keys).
    const sets = cube
      ? Array.from({ length: 1 << keys.length }, (_, m) => m).map(
          (m) =>
            sql`(${join(
              keys.filter((_k, i) => (m & (1 << (keys.length - 1 - i))) === 0),
              ', ',
            )})`,
        )
      : [];
    const groupBy = keys.length === 0 ? sql`` : cube ? sql`GROUP BY GROUPING SETS (${join(sets, ', ')})` : sql`GROUP BY ${join(keys, ', ')}`;
    const order = [
      ...(cube ? [sql`summed_out`] : []),
      ...(q.granularity === null ? [sql`value DESC`, ...keys] : [sql`bucket`, sql`value DESC`, ...keys.slice(1)]),
    ];
    const rows = await this.db.query<Record<string, string | number | null>>(
      'metrics.event_metrics.breakdown',
      sql`SELECT ${join(select, ', ')}
          FROM ${this.db.table('events')}
          WHERE type = ${q.eventType} AND ${periodCondition(period, 'timestamp')} AND ${scopeCondition(scope)} AND ${present}
          ${groupBy}
          HAVING count() > 0
          ORDER BY ${join(order, ', ')}
          LIMIT ${param(q.limit, 'UInt32')}`,
    );
    return rows.map((r) => ({
      bucket: q.granularity === null ? null : String(r.bucket),
      group: q.groupBy.map((_, i) => String(r[`g${i}`])),
      value: Number(r.value ?? 0),
      learners: q.withLearners ? Number(r.learners ?? 0) : null,
      summedOut: cube ? Number(r.summed_out) : 0,
    }));
  }
}
