import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ChdbPool } from '../../src/clickhouse/chdb-pool';
import { LAST_30_DAYS, LOGIN_FORM_STEPS } from '../dataset';
import { interleaved } from '../stats';

/**
 * The documented login funnel (7 steps, sessions per step, 30 days) as the API's two statements,
 * sent straight to a session pool on the issue-14 bench's kept store, interleaved: from the
 * daily step rollup (0091) and from raw events (the EACH_STEP scan it replaces). Same answers
 * asserted. `npx ts-node --transpile-only bench/issue14/login-funnel-rollup-vs-raw.ts --data-dir DIR --database DB`
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'learnmetrics-issue14') },
      database: { type: 'string', default: 'issue14_1000000' },
    },
  });
  const db = values.database!;
  const pool = new ChdbPool({ path: values['data-dir']!, size: 1 });
  const from = `toDateTime64('${LAST_30_DAYS.from} 00:00:00', 3, 'UTC')`;
  const to = `toDateTime64('${LAST_30_DAYS.to} 00:00:00', 3, 'UTC')`;
  const steps = [
    { type: 'page.viewed', raw: `startsWith(page, '/login')`, rollup: `startsWith(page_root, '/login')` },
    ...LOGIN_FORM_STEPS.map((e) => ({ type: 'ui.clicked', raw: `toString(getSubcolumn(properties, 'element')) = '${e}'`, rollup: `element = '${e}'` })),
    { type: 'user.logged_in', raw: '1', rollup: '1' },
    { type: 'page.viewed', raw: `startsWith(page, '/dashboard')`, rollup: `startsWith(page_root, '/dashboard')` },
  ];
  const types = `('page.viewed', 'ui.clicked', 'user.logged_in')`;
  const raw = `SELECT ${steps.map((s, i) => `uniqExactIf(session_id, type = '${s.type}' AND ${s.raw}) AS s${i + 1}`).join(', ')}
    FROM ${db}.events WHERE timestamp >= ${from} AND timestamp < ${to} AND session_id != '' AND type IN ${types}`;
  const rollup = `SELECT ${steps.map((s, i) => `uniqExactMergeIf(sessions, type = '${s.type}' AND ${s.rollup}) AS s${i + 1}`).join(', ')}
    FROM ${db}.rollup_step_sessions_daily WHERE day >= toDate('${LAST_30_DAYS.from}') AND day < toDate('${LAST_30_DAYS.to}') AND type IN ${types}`;
  try {
    const [a] = await pool.query(raw);
    const [b] = await pool.query(rollup);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`answers differ: raw ${JSON.stringify(a)}, rollup ${JSON.stringify(b)}`);
    console.log(`answers equal: ${JSON.stringify(a)}; load ${os.loadavg()[0].toFixed(1)}`);
    const t = await interleaved({ warmup: 1, min: 9, max: 9, budgetMs: 0 }, { raw: () => pool.query(raw), rollup: () => pool.query(rollup) });
    console.log(
      `raw p50 ${t.raw.p50.toFixed(1)} ms, rollup p50 ${t.rollup.p50.toFixed(1)} ms, raw / rollup ${(t.raw.p50 / t.rollup.p50).toFixed(2)}x; load ${os.loadavg()[0].toFixed(1)}`,
    );
  } finally {
    await pool.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`login-funnel-rollup-vs-raw failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
