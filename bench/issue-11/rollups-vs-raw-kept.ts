import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClickHouse } from '../../src/clickhouse/client';
import { clickhouseSettingsFor } from '../../src/clickhouse/role-settings';
import { loadConfig } from '../../src/config/config';
import { startServer } from '../../src/server/app';
import { createServices } from '../../src/services';
import type { BenchContext } from '../context';
import { GraphQLClient } from '../graphql-client';
import { benchToken } from '../ingest.bench';
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
  const config = {
    ...loadConfig({ DATA_DIR: values['data-dir'], AUTH_JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' }),
    demoData: false,
    database: values.database!,
    rateLimitPerMinute: 0,
    rateLimitIngestPerMinute: 0,
    redisUrl: undefined,
  };
  const db = createClickHouse(config);
  const services = createServices(db, config);
  const server = await startServer(services, 0);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const ctx: BenchContext = {
      db,
      services,
      graphql: new GraphQLClient(server.url, await benchToken(services, 'admin')),
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
    await server.stop();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`rollups-vs-raw-kept failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
