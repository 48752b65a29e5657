import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClickHouse } from '../../src/clickhouse/client';
import { clickhouseSettingsFor } from '../../src/clickhouse/role-settings';
import { loadConfig } from '../../src/config/config';
import { projectRoot } from '../../src/paths';
import { startServer } from '../../src/server/app';
import { createServices } from '../../src/services';
import type { BenchContext } from '../context';
import { GraphQLClient } from '../graphql-client';
import { benchToken } from '../ingest.bench';
import { progressBar } from '../progress';
import { loadIssue14Data } from './load';
import { benchPlatformQuestions, renderPlatformQuestions } from './platform.bench';

const USAGE = `npm run bench:issue14 -- [--events 10000000] [--data-dir /tmp/learnmetrics-issue14] [--database issue14_10m] [--pg-database learnmetrics_bench_issue14] [--load-only] [--reload-postgres] [--no-postgres] [--questions loginFunnel,courseCompletion] [--out file.json]`;

/**
 * Issue 14's benchmark, on its own so that it can run at 10M events without the hour of
 * `npm run bench`: the platform's documented PostgreSQL questions against the API (every
 * formulation of section 6, side by side in one run, answers compared). The loaded stores are
 * kept between runs (bench/issue14/load.ts).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '10000000' },
      'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'learnmetrics-issue14') },
      database: { type: 'string' },
      'pg-database': { type: 'string', default: 'learnmetrics_bench_issue14' },
      'load-only': { type: 'boolean', default: false },
      'reload-postgres': { type: 'boolean', default: false },
      'no-postgres': { type: 'boolean', default: false },
      out: { type: 'string' },
      questions: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const events = Number(values.events);
  if (!Number.isInteger(events) || events < 1000) throw new Error(`--events must be a whole number >= 1000, got ${values.events}\n${USAGE}`);
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const database = values.database ?? `issue14_${events}`;
  const pgDatabase = values['no-postgres'] ? null : `${values['pg-database']}_${events}`;
  fs.mkdirSync(values['data-dir']!, { recursive: true });

  const config = {
    ...loadConfig({
      ...(process.env.HEAVY_QUERY_NICE === undefined ? {} : { HEAVY_QUERY_NICE: process.env.HEAVY_QUERY_NICE }),
      DATA_DIR: values['data-dir'],
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    }),
    demoData: false,
    database,
    rateLimitPerMinute: 0,
    rateLimitIngestPerMinute: 0,
    redisUrl: undefined,
  };
  const db = createClickHouse(config);
  try {
    const loaded = await loadIssue14Data(db, pgDatabase, events, { reload: values['reload-postgres']!, progress: progressBar, log });
    if (values['load-only']) return;
    const services = createServices(db, config);
    const server = await startServer(services, 0);
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
      const loadAverage: Record<string, number[]> = { start: os.loadavg() };
      const platform =
        pgDatabase === null
          ? null
          : await benchPlatformQuestions(ctx, pgDatabase, { warmup: 1, min: 5, max: 9, budgetMs: 60_000 }, values.questions?.split(','));
      loadAverage.platform = os.loadavg();
      const result = { startedAt: new Date().toISOString(), machine: { cores: os.cpus().length, node: process.version }, loaded, loadAverage, platform };
      const file = values.out ?? path.join(projectRoot(), 'bench', 'results', `issue14-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(result, null, 2));
      const la = (k: string) => loadAverage[k].map((x) => x.toFixed(1)).join(' / ');
      console.log(
        `Data: ${loaded.total.toLocaleString('en')} events (${events.toLocaleString('en')} generated); load average 1/5/15 min: start ${la('start')}`,
      );
      if (platform) console.log(`\n${renderPlatformQuestions(platform)}\nload average after: ${la('platform')}`);
      log(`wrote ${path.relative(process.cwd(), file)}`);
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench:issue14 failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
