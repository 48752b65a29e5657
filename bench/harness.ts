import 'reflect-metadata';
import { benchServing, renderServing, type ServingMeasurement } from './serving.bench';
import os from 'node:os';
import { createClickHouse, type ClickHouse } from '../src/clickhouse/client';
import { migrate } from '../src/clickhouse/migrations';
import { identifier, sql } from '../src/clickhouse/sql';
import type { Config } from '../src/config/config';
import { clickhouseSettingsFor } from '../src/clickhouse/role-settings';
import { startServer } from '../src/server/app';
import { SystemRepository } from '../src/clickhouse/repositories/system.repository';
import { createServices } from '../src/services';
import { benchConcurrency, type ConcurrencyMeasurement } from './concurrency.bench';
import type { BenchContext } from './context';
import { benchDashboard, launchBenchBrowser, type DashboardMeasurement } from './dashboard.bench';
import { benchDataLoader, type DataLoaderMeasurement } from './dataloader.bench';
import { catalogueOf } from '../src/generator/catalogue';
import { CatalogIngestService } from '../src/ingest/catalog-ingest.service';
import { benchEvents, countDataSet, generatorOptions, type DataSetCount } from './dataset';
import { GraphQLClient } from './graphql-client';
import { benchGraphQLOverhead, type OverheadMeasurement } from './graphql-overhead.bench';
import { benchIngest, benchToken, settleMerges, type IngestMeasurement } from './ingest.bench';
import { loadPostgres } from './postgres-load';
import { benchPostgres, type PostgresMeasurement } from './postgres.bench';
import type { ProgressFactory } from './progress';
import { benchLearningFields, type LearningFieldsMeasurement } from './learning-fields.bench';
import { benchRollupIngest, type RollupIngestMeasurement } from './rollup-ingest.bench';
import { benchRollupsVsRaw, type RollupMeasurement, type RollupSize } from './rollups-vs-raw.bench';
import type { Repeat } from './stats';

export interface BenchOptions {
  /** Events the generator makes (the login form steps come on top, see dataset.ts). */
  events: number;
  /** Engine and auth settings; the bench creates its own databases in it. */
  config: Config;
  /** Prefix of the ClickHouse databases (`<prefix>_raw`, `<prefix>_engine`, `<prefix>_http`). */
  databasePrefix: string;
  /** Events timed on every ingest path (the first ones of the data set); the rest are loaded untimed. */
  ingestEvents: number;
  /** Events per ingest slice (each slice goes through every path in turn). */
  ingestSlice: number;
  batchSize: number;
  senders: number;
  repeat: Repeat;
  /** Repeats for the PostgreSQL comparison (its queries take seconds at 10M). */
  postgresRepeat: Repeat;
  concurrency: { levels: number[]; durationSeconds: number; requestsPerClient?: number; timeoutSeconds?: number; workers?: number };
  /**
   * Section 9's sizes; undefined = the concurrency levels, 15 samples per flood round, 4 flood
   * clients. The smoke test makes them small: what it checks is that the section runs.
   */
  serving?: { levels?: number[]; samples?: number; floodClients?: number };
  /** The PostgreSQL database to (re)create, or null to skip section 6 (with the reason). */
  postgres: { database: string } | { skip: string };
  /** Section 8: the admin dashboard's overview, time to data in headless Chromium (off in the smoke test; the dashboard browser test runs it). */
  dashboard?: boolean;
  progress: ProgressFactory;
  log(message: string): void;
  /**
   * Run only these measuring sections after ingest (`--sections`, names as in BenchResult:
   * graphqlOverhead, rollupsVsRaw, rollupIngest, learningFields, dataloader, concurrency, serving, dashboard,
   * postgres); the others are reported as skipped. Undefined = all (a full 10M run takes over an hour).
   */
  sections?: Set<string>;
}

/** A section that threw: the run goes on and the report says what failed. */
export interface Failed {
  error: string;
}

export const succeeded = <T extends object>(value: T | Failed): value is T => !('error' in value);

export interface BenchResult {
  startedAt: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; clickhouse: string; engine: string; postgres?: string };
  events: { generated: number; loginFormSteps: number; repeatedIdsLeftOut: number; total: number };
  options: {
    ingestEvents: number;
    ingestSlice: number;
    batchSize: number;
    senders: number;
    repeat: Repeat;
    postgresRepeat: Repeat;
    concurrency: BenchOptions['concurrency'];
  };
  ingest: IngestMeasurement;
  graphqlOverhead: OverheadMeasurement[] | Failed;
  rollupsVsRaw: RollupMeasurement[] | Failed;
  /** Rollup rows vs raw events over the 30-day period the metrics ask about. */
  rollupSizes?: { events: number; tables: RollupSize[] };
  /** Ingest throughput with the issue-11 rollups (0020-0029) vs without; absent in runs stored before it. */
  rollupIngest?: RollupIngestMeasurement | Failed;
  /** Issue 14's learning fields through GraphQL, and each rollup-served figure vs raw events; absent in runs stored before it. */
  learningFields?: LearningFieldsMeasurement | Failed;
  dataloader: DataLoaderMeasurement | Failed;
  concurrency: ConcurrencyMeasurement[] | Failed;
  /** Issue 11: cache off/on throughput, the flood, deadline overshoot (bench/serving.bench.ts). */
  serving?: ServingMeasurement | Failed;
  postgres: PostgresMeasurement | { skipped: string } | Failed;
  /** Absent when not asked for (BenchOptions.dashboard). */
  dashboard?: DashboardMeasurement | { skipped: string } | Failed;
  /** Wall time per phase, seconds. */
  phases: Record<string, number>;
  /** The machine's 1-minute load average at the end of each phase (other processes share the machine; 2 cores = a load of 2 is full). */
  loadAverage: Record<string, number>;
}

async function dropDatabase(db: ClickHouse): Promise<void> {
  await db.command('bench.drop_database', sql`DROP DATABASE IF EXISTS ${identifier(db.database)} SYNC`);
}

/** Counts the data set once (the generation pass, with its own progress bar). */
function countEvents(events: number, progress: ProgressFactory): DataSetCount {
  const bar = progress('generating', events);
  const counted = countDataSet(events, (done) => bar.update(Math.min(done, events)));
  bar.update(events);
  bar.stop();
  return counted;
}

/** Runs every section of issue 6 on one data set and returns the measurements (bench/run.ts prints and stores them). */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const phases: Record<string, number> = {};
  const loadAverage: Record<string, number> = {};
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      phases[name] = Math.round((performance.now() - started) / 100) / 10;
      loadAverage[name] = Math.round(os.loadavg()[0] * 10) / 10;
    }
  };
  /** Sections after ingest record their error and let the others run (a 10M run takes an hour). */
  const section = async <T extends object>(name: string, work: () => Promise<T>): Promise<T | Failed> => {
    if (options.sections && !options.sections.has(name)) return { error: 'skipped (not in --sections)' };
    try {
      return await phase(name, work);
    } catch (error) {
      options.log(`  ${name} FAILED: ${(error as Error).stack ?? error}`);
      return { error: (error as Error).message };
    }
  };
  const startedAt = new Date().toISOString();
  const { log, progress } = options;

  log(`generating ${options.events} events (seed ${generatorOptions(options.events).seed}) and counting the login form steps...`);
  const counted = await phase('generate', async () => countEvents(options.events, progress));
  const total = counted.total;
  const events = () => benchEvents(options.events, counted.repeatedIds);

  const rawDb = createClickHouse({ ...options.config, database: `${options.databasePrefix}_raw` });
  const engineDb = createClickHouse({ ...options.config, database: `${options.databasePrefix}_engine` });
  // The rate limit is off: the bench measures the API and ClickHouse, not how fast one token gets 429s.
  // Aliases and root fields are raised for the 50-field dashboard (dataloader.bench.ts), which the
  // default limits (30 / 20) refuse; clients should use courses(ids:) for that instead.
  const limits = { ...options.config.limits, maxAliases: 100, maxRootFields: 100 };
  const httpConfig = {
    ...options.config,
    database: `${options.databasePrefix}_http`,
    rateLimitPerMinute: 0,
    rateLimitIngestPerMinute: 0,
    redisUrl: undefined,
    limits,
  };
  const db = createClickHouse(httpConfig);
  const services = createServices(db, httpConfig);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    for (const d of [rawDb, engineDb, db]) {
      await dropDatabase(d);
      await migrate(d);
    }

    const measured = Math.min(total, options.ingestEvents);
    log(
      `1. ingest: ${measured} of ${total} events through raw insert, the ingest engine work and POST /v1/events, in slices of ${options.ingestSlice} (batches of ${options.batchSize}, ${options.senders} senders)`,
    );
    const ingest = await phase('ingest', () =>
      benchIngest(events, total, measured, services, rawDb, engineDb, {
        batchSize: options.batchSize,
        senders: options.senders,
        sliceSize: options.ingestSlice,
        progress,
      }),
    );
    await dropDatabase(rawDb);
    await dropDatabase(engineDb);
    await phase('settle', () => settleMerges(db, 300_000));

    server = await startServer(services, 0);
    const ctx: BenchContext = {
      db,
      services,
      graphql: new GraphQLClient(server.url, await benchToken(services, 'admin')),
      directSettings: { max_execution_time: httpConfig.queryTimeoutSeconds, ...clickhouseSettingsFor('admin', httpConfig.limits) },
      repeat: options.repeat,
      progress,
      log,
    };
    log('2. GraphQL overhead');
    const graphqlOverhead = await section('graphqlOverhead', () => benchGraphQLOverhead(ctx));
    log('3. rollups vs raw');
    const rollups = await section('rollupsVsRaw', () => benchRollupsVsRaw(ctx));
    const rollupsVsRaw = succeeded(rollups) ? rollups.metrics : rollups;
    const rollupSizes = succeeded(rollups) ? rollups.sizes : undefined;
    const rollupIngestEvents = Math.min(total, 200_000);
    log(`3b. ingest with the issue-11 rollups vs without (${rollupIngestEvents} events, two fresh databases)`);
    const rollupIngest = await section('rollupIngest', () =>
      benchRollupIngest(options.config, options.databasePrefix, events, rollupIngestEvents, options.batchSize),
    );
    log("3c. issue 14's learning fields: latency, and rollups vs raw events");
    const learningFields = await section('learningFields', async () => {
      // The generator's catalogue (names and order of the lessons), as the issue-14 bench loads it.
      const catalog = CatalogIngestService.on(db);
      for (const tree of catalogueOf(generatorOptions(options.events))) await catalog.put(tree, null);
      return benchLearningFields(db, ctx.graphql, options.repeat, log);
    });
    log('4. DataLoader');
    const dataloader = await section('dataloader', () => benchDataLoader(ctx));
    log('5. concurrency');
    const concurrency = await section('concurrency', () => benchConcurrency(ctx, options.concurrency));
    log('9. serving: answer cache off/on, a partner flood, deadline overshoot');
    const serving = await section('serving', async () => {
      const m = await benchServing(ctx, {
        levels: options.serving?.levels ?? options.concurrency.levels,
        durationSeconds: options.concurrency.durationSeconds,
        requestsPerClient: options.concurrency.requestsPerClient,
        samples: options.serving?.samples,
        floodClients: options.serving?.floodClients,
      });
      log(renderServing(m));
      return m;
    });
    let dashboard: BenchResult['dashboard'];
    if (options.dashboard) {
      log('8. dashboard: overview time to data in headless Chromium');
      const base = server.url.replace(/\/graphql$/, '');
      const token = await benchToken(services, 'admin');
      dashboard = await section('dashboard', async () => {
        const launched = await launchBenchBrowser();
        if ('skipped' in launched) return launched;
        try {
          return await benchDashboard(launched.browser, base, token, options.repeat);
        } finally {
          await launched.browser.close();
        }
      });
    }

    let postgres: BenchResult['postgres'];
    if ('skip' in options.postgres) {
      log(`6. PostgreSQL: skipped (${options.postgres.skip})`);
      postgres = { skipped: options.postgres.skip };
    } else {
      log(`6. PostgreSQL: loading ${total} events into ${options.postgres.database}.analytics_events`);
      const database = options.postgres.database;
      postgres = await section('postgres', async () => {
        const load = await phase('postgresLoad', () => loadPostgres(database, events, total, options.events, progress));
        return phase('postgresQueries', () => benchPostgres(ctx, load, options.postgresRepeat));
      });
    }

    return {
      startedAt,
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        clickhouse: await new SystemRepository(db).version(),
        engine: db.engine,
        postgres: 'settings' in postgres ? postgres.settings.server_version : undefined,
      },
      events: { generated: options.events, loginFormSteps: counted.loginFormSteps, repeatedIdsLeftOut: counted.repeatedIds.length, total },
      options: {
        ingestEvents: measured,
        ingestSlice: options.ingestSlice,
        batchSize: options.batchSize,
        senders: options.senders,
        repeat: options.repeat,
        postgresRepeat: options.postgresRepeat,
        concurrency: options.concurrency,
      },
      ingest,
      graphqlOverhead,
      rollupsVsRaw,
      rollupSizes,
      rollupIngest,
      learningFields,
      dataloader,
      concurrency,
      serving,
      postgres,
      dashboard,
      phases,
      loadAverage,
    };
  } finally {
    await server?.stop();
    for (const d of [rawDb, engineDb, db]) await dropDatabase(d).catch(() => {});
    for (const d of [rawDb, engineDb, db]) await d.close();
  }
}
