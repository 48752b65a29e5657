import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config';
import { projectRoot } from '../src/paths';
import { runBench, type BenchOptions } from './harness';
import { benchIngestPaths, renderIngestPaths } from './ingest-paths.bench';
import { postgresUnavailable } from './postgres-load';
import { progressBar } from './progress';
import { growthFrom, measuresOf, renderReport, type StoredResult } from './report';

const USAGE = `npm run bench -- [--events N] [--ingest-events 2000000] [--ingest-batches 30] [--ingest-in-flight 1] [--batch-size 5000] [--senders 4] [--duration 10] [--no-postgres] [--no-dashboard] [--pg-database learnmetrics_bench] [--out file.json] [--sections serving,rollupsVsRaw,rollupIngest]
npm run bench -- --report bench/results/<file>.json   (print a stored run's tables again, growth recomputed)`;

/** Starts the local cluster when PostgreSQL does not answer (the bench machine's setup); null when it answers. */
async function ensurePostgres(): Promise<string | null> {
  const first = await postgresUnavailable();
  if (first === null) return null;
  try {
    const version = fs.readdirSync('/etc/postgresql')[0];
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
  } catch (error) {
    return `${first}; starting the local cluster failed: ${(error as Error).message}`;
  }
  return postgresUnavailable();
}

/**
 * `npm run bench -- --events N`: generates data with a fixed seed, loads it, measures every
 * section of issue 6 side by side in this one run on this machine, prints markdown tables and
 * writes bench/results/<timestamp>.json (with growth factors when the other size was run).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      'ingest-events': { type: 'string', default: '2000000' },
      'batch-size': { type: 'string', default: '5000' },
      senders: { type: 'string', default: '4' },
      duration: { type: 'string', default: '10' },
      'no-postgres': { type: 'boolean', default: false },
      'no-dashboard': { type: 'boolean', default: false },
      'pg-database': { type: 'string', default: 'learnmetrics_bench' },
      out: { type: 'string' },
      sections: { type: 'string' },
      report: { type: 'string' },
      'ingest-batches': { type: 'string', default: '30' },
      'ingest-in-flight': { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.report) {
    const stored = JSON.parse(fs.readFileSync(values.report, 'utf8')) as StoredResult;
    stored.growth = growthFrom({ generated: stored.events.generated, measures: stored.measures, file: values.report }, path.dirname(values.report));
    console.log(renderReport(stored));
    return;
  }
  const events = Number(values.events);
  if (!Number.isInteger(events) || events < 1000) throw new Error(`--events must be a whole number >= 1000, got ${values.events}\n${USAGE}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'learnmetrics-bench-'));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const log = (message: string) => process.stderr.write(`${message}\n`);

  const pgProblem = values['no-postgres'] ? '--no-postgres' : await ensurePostgres();
  // Section 8 times the dashboard the server serves: build it if its sources changed.
  if (!values['no-dashboard']) execFileSync(process.execPath, [path.join(projectRoot(), 'scripts', 'build-dashboard.js'), '--if-stale'], { stdio: 'inherit' });
  const options: BenchOptions = {
    events,
    // A throwaway secret: the bench mints its own tokens (benchToken in bench/ingest.bench.ts).
    // Request logs stay at the production default (info) unless LOG_LEVEL says otherwise.
    config: { ...loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: process.env.LOG_LEVEL }), demoData: false },
    databasePrefix: `bench_${process.pid}`,
    ingestEvents: Number(values['ingest-events']),
    ingestSlice: 100_000,
    batchSize: Number(values['batch-size']),
    senders: Number(values.senders),
    repeat: { warmup: 2, min: 7, max: 60, budgetMs: 12_000 },
    postgresRepeat: { warmup: 0, min: 1, max: 5, budgetMs: 30_000 },
    concurrency: { levels: [1, 10, 50], durationSeconds: Number(values.duration), workers: 1 },
    postgres: pgProblem === null ? { database: values['pg-database']! } : { skip: pgProblem },
    dashboard: !values['no-dashboard'],
    progress: progressBar,
    log,
    sections: values.sections ? new Set(values.sections.split(',').map((name) => name.trim())) : undefined,
  };

  try {
    // Issue 12's ingest paths (bench/ingest-paths.bench.ts): its own databases, run before the others.
    if (options.sections?.has('ingestPaths')) {
      const paths = await benchIngestPaths(options.config, options.databasePrefix, {
        batches: Number(values['ingest-batches']),
        batchSize: options.batchSize,
        inFlight: Number(values['ingest-in-flight']),
        log,
      });
      console.log(`\n${renderIngestPaths(paths)}\n`);
      if (options.sections.size === 1) return;
    }
    const result = await runBench(options);
    const file = values.out ?? path.join(projectRoot(), 'bench', 'results', `${stamp}.json`);
    const measures = measuresOf(result);
    const stored: StoredResult = {
      ...result,
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      measures,
      growth: growthFrom({ generated: events, measures, file }, path.dirname(file)),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2));
    console.log(`\n${renderReport(stored)}`);
    log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
