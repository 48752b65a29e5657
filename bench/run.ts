import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClickHouse } from '../src/clickhouse/client';
import { migrate } from '../src/clickhouse/migrations';
import { loadConfig } from '../src/config';
import type { LearningEvent } from '../src/events/event';
import { generateEvents } from '../src/generator';
import { projectRoot } from '../src/paths';
import { createServices } from '../src/services';
import { benchIngest } from './ingest.bench';

/**
 * `npm run bench -- --events N`: generates data with a fixed seed, measures, prints a markdown
 * table and writes bench/results/<timestamp>.json. Every ratio compares two things measured
 * side by side in this one run on this machine.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      'batch-size': { type: 'string', default: '5000' },
      senders: { type: 'string', default: '4' },
      out: { type: 'string' },
    },
  });
  const total = Number(values.events);
  if (!Number.isInteger(total) || total < 1000) throw new Error(`--events must be a whole number >= 1000, got ${values.events}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'learnmetrics-bench-'));
  const base = loadConfig({ DATA_DIR: dataDir });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');

  process.stderr.write(`generating ${total} events (seed 1)...\n`);
  const events: LearningEvent[] = [...generateEvents({ events: total, companies: 20, learners: Math.max(500, Math.round(total / 100)), courses: 40, days: 90, seed: 1, end: new Date('2026-10-01T00:00:00Z') })];

  const rawDb = createClickHouse({ ...base, database: `bench_raw_${process.pid}` });
  const httpConfig = { ...base, database: `bench_http_${process.pid}` };
  const httpDb = createClickHouse(httpConfig);
  await migrate(rawDb);
  await migrate(httpDb);

  process.stderr.write('measuring ingest...\n');
  const ingest = await benchIngest(events, createServices(httpDb, httpConfig), rawDb, {
    batchSize: Number(values['batch-size']),
    senders: Number(values.senders),
    onProgress: (sent) => process.stderr.write(`\r  HTTP: ${sent} / ${total}`),
  });
  process.stderr.write('\n');

  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${httpDb.engine} ClickHouse ${await createServices(httpDb, httpConfig).system.version()}`;
  const table = [
    `| measure | LearnMetrics | baseline | ratio | target |`,
    `|---|---|---|---|---|`,
    `| ingest, events/s (${ingest.events} events, batches of ${ingest.batchSize}, ${ingest.senders} senders) | ${Math.round(ingest.httpEventsPerSecond)} via POST /v1/events | ${Math.round(ingest.rawEventsPerSecond)} raw client insert | ${ingest.ratio.toFixed(2)} | >= 0.8 |`,
  ].join('\n');
  console.log(`\n${machine}\n\n${table}\n`);
  const file = values.out ?? path.join(projectRoot(), 'bench', 'results', `${stamp}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ machine, events: total, ingest }, null, 2));
  process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  await rawDb.close();
  await httpDb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
