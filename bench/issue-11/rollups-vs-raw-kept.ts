import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clickhouseSettingsFor } from '../../src/clickhouse/role-settings';
import type { BenchContext } from '../context';
import { openKeptStore, runScript } from '../kept-store';
import { progressBar } from '../progress';
import { benchRollupsVsRaw } from '../rollups-vs-raw.bench';

const USAGE = `npx ts-node --transpile-only bench/issue-11/rollups-vs-raw-kept.ts --data-dir /tmp/learnmetrics-issue14-10m --database issue14_10000000`;

/**
 * Section 3 of `npm run bench` (each rollup-served metric vs the same question over raw events,
 * both sent straight to the engine, interleaved, answers compared) on a kept store of the bench
 * data set, e.g. the issue-14 bench's, without reloading it.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'learnmetrics-issue14') },
      database: { type: 'string', default: 'issue14_1000000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const store = await openKeptStore(values['data-dir']!, values.database!);
  const { config, db, services } = store;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const ctx: BenchContext = {
      db,
      services,
      graphql: store.admin,
      directSettings: { max_execution_time: config.queryTimeoutSeconds, ...clickhouseSettingsFor('admin', config.limits) },
      repeat: { warmup: 2, min: 7, max: 40, budgetMs: 20_000 },
      progress: progressBar,
      log,
    };
    const before = os.loadavg()[0];
    const { metrics } = await benchRollupsVsRaw(ctx);
    console.log(`load ${before.toFixed(1)} -> ${os.loadavg()[0].toFixed(1)}`);
    console.log('| metric (last 30 days) | rollup ms | raw ms | raw / rollup | answers |');
    console.log('|---|---|---|---|---|');
    for (const m of metrics)
      console.log(`| ${m.name} | ${m.rollup.p50.toFixed(1)} | ${m.raw.p50.toFixed(1)} | ${m.speedup.toFixed(2)}x | ${m.equal ? 'equal' : 'DIFFER'} |`);
  } finally {
    await store.close();
  }
}

runScript('rollups-vs-raw-kept', main);
