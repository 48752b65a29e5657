import { identifier, render, sql, type SqlFragment } from '../src/clickhouse/sql';
import { capture, replayer, runDirect } from './capture';
import type { BenchContext } from './context';
import { LAST_30_DAYS } from './dataset';
import { differences, ROLLUP_METRICS, type RollupMetric } from './raw-metrics';
import { interleaved, type Summary } from './stats';

export interface RollupMeasurement {
  name: string;
  /** The statements the API sent (all read rollups), replayed directly. */
  statements: string[];
  rollup: Summary;
  raw: Summary;
  /** raw p50 / rollup p50: how many times faster the rollup answers. */
  speedup: number;
  /** The API's answer equals the raw-event recomputation. */
  equal: boolean;
  differences: string[];
}

/** How much smaller the rollups are than the events they summarise, over the bench's 30-day period. */
export interface RollupSize {
  table: string;
  /** Rows of the rollup in the period (daily, hourly or quarter-hour groups; rows of unmerged parts counted as stored). */
  rows: number;
  /** Raw events in the period / rollup rows. */
  eventsPerRow: number;
  activeParts: number;
}

export async function rollupSizes(ctx: BenchContext, tables: string[]): Promise<{ events: number; tables: RollupSize[] }> {
  const count = async (fragment: SqlFragment): Promise<number> => {
    const { query, params } = render(fragment);
    const [row] = (await runDirect(ctx.db, 'bench.rollup_size', query, params, ctx.directSettings)) as Record<string, unknown>[];
    return Number(Object.values(row)[0]);
  };
  const from = new Date(`${LAST_30_DAYS.from}T00:00:00Z`);
  const to = new Date(`${LAST_30_DAYS.to}T00:00:00Z`);
  const events = await count(sql`SELECT count() FROM ${ctx.db.table('events')} WHERE timestamp >= ${from} AND timestamp < ${to}`);
  const out: RollupSize[] = [];
  for (const table of tables) {
    // Each tier's time column: a UTC day, a quarter hour or an hour (clickhouse/migrations).
    const rows = await count(
      table.endsWith('_daily')
        ? sql`SELECT count() FROM ${identifier(`${ctx.db.database}.${table}`)} WHERE day >= toDate(${from}) AND day < toDate(${to})`
        : table.endsWith('_15m')
          ? sql`SELECT count() FROM ${identifier(`${ctx.db.database}.${table}`)} WHERE quarter >= ${from} AND quarter < ${to}`
          : sql`SELECT count() FROM ${identifier(`${ctx.db.database}.${table}`)} WHERE hour >= ${from} AND hour < ${to}`,
    );
    const activeParts = await count(sql`SELECT count() FROM system.parts WHERE database = ${ctx.db.database} AND table = ${table} AND active`);
    out.push({ table, rows, eventsPerRow: events / Math.max(1, rows), activeParts });
  }
  return { events, tables: out };
}

/**
 * Rollups vs raw: the SQL each rollup-served field sends (captured during a GraphQL call) vs
 * SQL over raw events written in bench/raw-metrics.ts, both sent straight through the client;
 * and the GraphQL answer compared with the raw answer.
 */
export async function benchRollupsVsRaw(
  ctx: BenchContext,
  metrics: RollupMetric[] = ROLLUP_METRICS,
): Promise<{ metrics: RollupMeasurement[]; sizes: { events: number; tables: RollupSize[] } }> {
  const out: RollupMeasurement[] = [];
  const tables = new Set<string>();
  for (const m of metrics) {
    ctx.log(`  rollups vs raw: ${m.name}`);
    const { result: data, queries } = await capture(ctx.db, () => ctx.graphql.request(m.query, m.variables));
    const nonRollup = queries.filter((q) => /\.events\b/.test(q.query));
    if (nonRollup.length > 0) throw new Error(`${m.name}: expected rollup-only statements, got ${nonRollup.map((q) => q.operation).join(', ')}`);
    for (const q of queries) for (const match of q.query.matchAll(/\.(rollup_\w+)/g)) tables.add(match[1]);
    const statements = m.raw(ctx.db).map((f) => render(f));
    const raw = () =>
      Promise.all(statements.map((s, i) => runDirect(ctx.db, `bench.raw.${i}`, s.query, s.params, ctx.directSettings))) as Promise<Record<string, unknown>[][]>;
    const diff = differences(m.fromApi(data), m.fromRaw(await raw()));
    const times = await interleaved(ctx.repeat, { rollup: replayer(ctx.db, queries, ctx.directSettings), raw });
    out.push({
      name: m.name,
      statements: queries.map((q) => q.operation),
      rollup: times.rollup,
      raw: times.raw,
      speedup: times.raw.p50 / times.rollup.p50,
      equal: diff.length === 0,
      differences: diff,
    });
  }
  return { metrics: out, sizes: await rollupSizes(ctx, [...tables].sort()) };
}
