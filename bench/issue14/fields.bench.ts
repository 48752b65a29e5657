import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openKeptStore, runScript } from '../kept-store';
import { benchLearningFields } from '../learning-fields.bench';

const USAGE = `npx ts-node --transpile-only bench/issue14/fields.bench.ts --data-dir /tmp/learnmetrics-issue14-10m --database issue14_10000000`;

/**
 * The learning-fields section of `npm run bench` (bench/learning-fields.bench.ts) on a kept
 * store, without the rest of the bench: latency of each issue-14 field through GraphQL with the
 * statements it ran, and each rollup-served figure vs the same from raw events.
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
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ');
  try {
    console.log(`load average at start: ${load()}`);
    const m = await benchLearningFields(store.db, store.admin, { warmup: 1, min: 7, max: 7, budgetMs: 0 });
    console.log('| field | GraphQL p50 ms | statements (where they read) |');
    console.log('|---|---|---|');
    for (const f of m.fields) console.log(`| ${f.field} | ${f.graphqlP50Ms} | ${f.reads.join(', ')} |`);
    console.log('\n| figure | rollup p50 ms | raw events p50 ms | raw / rollup | answers |');
    console.log('|---|---|---|---|---|');
    for (const r of m.rollupsVsRaw) console.log(`| ${r.figure} | ${r.rollupP50Ms} | ${r.rawP50Ms} | ${r.speedup}x | ${r.equal ? 'equal' : 'DIFFER'} |`);
    console.log(`load average at end: ${load()}`);
  } finally {
    await store.close();
  }
}

runScript('issue-14 fields bench', main);
