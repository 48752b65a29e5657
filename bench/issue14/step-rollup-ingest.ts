import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { generateEvents } from '../../src/generator/generate';
import { demoOptions } from '../../src/demo/demo-data';
import { benchRollupIngest } from '../rollup-ingest.bench';

/**
 * What a rollup costs ingest (default the daily step rollup, 0091): the same 5,000-event batches
 * into a database without the migrations named and one with every migration, alternating
 * (bench/rollup-ingest.bench.ts).
 * `npx ts-node --transpile-only bench/issue14/step-rollup-ingest.ts [events] [0091,0092]`
 */
async function main() {
  const events = Number(process.argv[2] ?? 200_000);
  const leftOut = (process.argv[3] ?? '0091').split(',');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'learnmetrics-step-ingest-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' }), demoData: false };
  const generator = { ...demoOptions(), events, learners: 20_000, companies: 20, courses: 50 };
  try {
    const m = await benchRollupIngest(
      config,
      'step_rollup',
      () => generateEvents(generator),
      events,
      5000,
      (name) => leftOut.some((prefix) => name.startsWith(prefix)),
    );
    console.log(JSON.stringify(m, null, 2));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
