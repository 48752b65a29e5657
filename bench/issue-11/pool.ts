import 'reflect-metadata';
import { ChdbPool, type Settings } from '../../src/clickhouse/chdb-pool';
import { createClickHouse, type QueryEvent } from '../../src/clickhouse/client';
import { clickhouseSettingsFor } from '../../src/clickhouse/role-settings';
import { startServer } from '../../src/server/app';
import { createServices } from '../../src/services';
import { DASHBOARD_QUERY, DASHBOARD_VARIABLES } from '../concurrency.bench';
import { GraphQLClient } from '../graphql-client';
import { benchToken } from '../ingest.bench';
import { args, fmt, interleave, load1, median, openLab } from './common';

/**
 * The session pool, measured on the loaded data set (bench/issue-11/load.ts):
 * 1. per-statement overhead: @clickhouse/client + chdb/connection (params, literals) vs the pool;
 * 2. dashboard throughput at 1, 2 and 4 sessions: the statements one dashboard request sends
 *    (captured from the real server), replayed by 8 concurrent "clients" for a fixed count;
 * 3. head-of-line: a cheap dau statement while a heavy raw-events statement runs in another
 *    session, vs quiet.
 */
async function main() {
  const a = args();
  const lab = openLab({ ...a, sessions: 1 });
  const config = { ...lab.config, authJwtSecret: 'issue-11-bench-secret', rateLimitPerMinute: 0 };
  const services = createServices(lab.db, config);
  const server = await startServer(services, 0);
  const out: Record<string, unknown> = { events: a.events };
  const pools = new Map<number, ChdbPool>();
  try {
    const client = new GraphQLClient(server.url, await benchToken(services, 'admin'));
    const seen: QueryEvent[] = [];
    const off = lab.db.onQuery((e) => seen.push(e));
    await client.request(DASHBOARD_QUERY, DASHBOARD_VARIABLES);
    off();
    const adminSettings = { max_execution_time: config.queryTimeoutSeconds, ...clickhouseSettingsFor('admin', config.limits) } as unknown as Settings;
    const statements = seen.map((e) => e.sent);
    console.log(`dashboard: ${statements.length} statements (${seen.map((e) => e.operation).join(', ')})`);
    for (const size of [1, 2, 4]) pools.set(size, new ChdbPool({ path: config.dataDir, size }));
    const p1 = pools.get(1)!;

    // 1. Overhead per statement, cheap and dashboard-sized.
    const dau = seen.find((e) => e.operation.includes('dau') || e.operation.includes('active'))!;
    const paramsDb = createClickHouse({ ...lab.config, sqlRendering: 'params' });
    const viaClient = (db: typeof lab.db, q: string, params: Record<string, unknown>) => async () => {
      const r = await db.client.query({
        query: q,
        query_params: params,
        format: 'JSONEachRow',
        clickhouse_settings: { log_comment: 'bench', ...adminSettings, ...EMBEDDED_RESETS },
      });
      await r.json();
    };
    const overhead = await interleave(Math.max(a.repeat, 40), {
      'SELECT 1: client+chdb/connection, params': viaClient(paramsDb, 'SELECT {p1:UInt8} AS x', { p1: 1 }),
      'SELECT 1: client+chdb/connection, literal': viaClient(lab.db, "SELECT _CAST(1, 'UInt8') AS x", {}),
      'SELECT 1: pool, SETTINGS clause': () => p1.query("SELECT _CAST(1, 'UInt8') AS x", { settings: { log_comment: 'bench', ...adminSettings } }),
      [`${dau.operation}: client+chdb/connection, params`]: viaClient(paramsDb, dau.query, dau.params),
      [`${dau.operation}: client+chdb/connection, literal`]: viaClient(lab.db, dau.sent, {}),
      [`${dau.operation}: pool, SETTINGS clause`]: () => p1.query(dau.sent, { settings: { log_comment: 'bench', ...adminSettings } }),
    });
    await paramsDb.close();
    out.overhead = Object.fromEntries(Object.entries(overhead).map(([k, v]) => [k, { p50: v.p50, min: v.min }]));
    for (const [k, v] of Object.entries(overhead)) console.log(`overhead ${k}: p50 ${fmt(v.p50, 2)} ms (min ${fmt(v.min, 2)})`);
    console.log(`  load ${fmt(load1(), 2)}`);

    // 2. Throughput: 8 clients, each running whole dashboards (the statements at once, as the
    // services' Promise.all does), 6 dashboards per client; rounds rotate the pool sizes.
    const dashboards = 6;
    const clients = 8;
    const throughput: Record<number, number[]> = { 1: [], 2: [], 4: [] };
    for (let round = 0; round < 3; round++) {
      for (const size of round % 2 === 0 ? [1, 2, 4] : [4, 2, 1]) {
        const pool = pools.get(size)!;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: clients }, async () => {
            for (let d = 0; d < dashboards; d++) await Promise.all(statements.map((s) => pool.query(s, { settings: adminSettings })));
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        throughput[size].push((clients * dashboards) / seconds);
        console.log(`throughput round ${round} sessions ${size}: ${fmt((clients * dashboards) / seconds, 2)} dashboards/s (load ${fmt(load1(), 2)})`);
      }
    }
    out.throughput = Object.fromEntries(Object.entries(throughput).map(([k, v]) => [k, { median: median(v), runs: v }]));

    // The same with every statement capped at one thread: parallelism then comes from sessions only.
    const oneThread: Record<number, number[]> = { 1: [], 2: [], 4: [] };
    for (let round = 0; round < 3; round++) {
      for (const size of round % 2 === 0 ? [1, 2, 4] : [4, 2, 1]) {
        const pool = pools.get(size)!;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: clients }, async () => {
            for (let d = 0; d < dashboards; d++) await Promise.all(statements.map((s) => pool.query(s, { settings: { ...adminSettings, max_threads: 1 } })));
          }),
        );
        const rate = (clients * dashboards) / ((performance.now() - started) / 1000);
        oneThread[size].push(rate);
        console.log(`throughput max_threads=1 round ${round} sessions ${size}: ${fmt(rate, 2)} dashboards/s (load ${fmt(load1(), 2)})`);
      }
    }
    out.throughputOneThread = Object.fromEntries(Object.entries(oneThread).map(([k, v]) => [k, { median: median(v), runs: v }]));

    // 3. Head-of-line: a cheap statement in one session while another runs a heavy raw scan.
    const p2 = pools.get(2)!;
    const heavy = `SELECT user_id, windowFunnel(86400)(toDateTime(timestamp), type = 'page.viewed', type = 'course.viewed', type = 'course.enrolled', type = 'lesson.completed', type = 'course.completed') AS level
      FROM ${lab.database}.events GROUP BY user_id ORDER BY level DESC LIMIT 10`;
    const cheapQuiet: number[] = [];
    const cheapBusy: number[] = [];
    const heavyTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      await p2.query(dau.sent);
      cheapQuiet.push(performance.now() - t);
      const h0 = performance.now();
      const running = p2.query(heavy).then(() => heavyTimes.push(performance.now() - h0));
      for (let j = 0; j < 3; j++) {
        t = performance.now();
        await p2.query(dau.sent);
        cheapBusy.push(performance.now() - t);
      }
      await running;
    }
    // The heavy statement capped at one thread (a cost lane's setting): what is left for the cheap one.
    const cheapBusyCapped: number[] = [];
    const heavyCapped: number[] = [];
    for (let i = 0; i < 5; i++) {
      const h0 = performance.now();
      const running = p2.query(heavy, { settings: { max_threads: 1 } }).then(() => heavyCapped.push(performance.now() - h0));
      for (let j = 0; j < 3; j++) {
        const t = performance.now();
        await p2.query(dau.sent);
        cheapBusyCapped.push(performance.now() - t);
      }
      await running;
    }
    // The same with ONE session: the cheap statement waits for the heavy one.
    const cheapBehind: number[] = [];
    for (let i = 0; i < 3; i++) {
      const running = p1.query(heavy);
      const t = performance.now();
      await p1.query(dau.sent);
      cheapBehind.push(performance.now() - t);
      await running;
    }
    out.headOfLine = {
      cheapQuietP50: median(cheapQuiet),
      cheapWhileHeavyP50: median(cheapBusy),
      cheapWhileHeavyOneThreadP50: median(cheapBusyCapped),
      heavyOneThreadP50: median(heavyCapped),
      cheapBehindHeavyOneSessionP50: median(cheapBehind),
      heavyP50: median(heavyTimes),
    };
    console.log(`head-of-line: ${JSON.stringify(out.headOfLine)} load ${fmt(load1(), 2)}`);
    console.log(JSON.stringify(out));
  } finally {
    for (const p of pools.values()) await p.close();
    await server.stop();
    await lab.close();
  }
}

/** What ClickHouse.run sends on the embedded engine today in front of every statement (client.ts EMBEDDED_SESSION_DEFAULTS). */
const EMBEDDED_RESETS = {
  max_memory_usage: '0',
  max_rows_to_read: '0',
  max_result_rows: '0',
  read_overflow_mode: 'throw',
  result_overflow_mode: 'throw',
  timeout_overflow_mode: 'throw',
  insert_deduplication_token: '',
} as const;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
