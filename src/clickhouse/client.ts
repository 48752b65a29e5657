import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import type { Config } from '../config/config';
import { ChdbPool, QueryCancelledError, type Settings } from './chdb-pool';
import { busyQueryError, classifyClickHouseError, typedQueryError } from './errors';
import { laneOf } from './query-lanes';
import { DataVersion } from './data-version';
import { claimedBy, claimHolder, readClaim, writeClaim } from '../process-claim';
import { repairDeduplicationLogs, type RemovedRecord } from './deduplication-log-repair';
import type { RequestBudget } from './request-budget';
import { Scheduler, SchedulerBusyError, type Lane } from './scheduler';
import { identifier, render, renderLiterals, type SqlFragment, type SqlRendering } from './sql';
import type { TableName } from './tables';

export type Engine = 'embedded' | 'server';

/** ClickHouse's own defaults for the settings a request's role may set (0 = no limit). */
const EMBEDDED_SESSION_DEFAULTS: ClickHouseSettings = {
  max_memory_usage: '0',
  max_rows_to_read: '0',
  max_result_rows: '0',
  read_overflow_mode: 'throw',
  result_overflow_mode: 'throw',
  timeout_overflow_mode: 'throw',
  // An ingest's dedup token would otherwise stay in force: the next insert without one would be
  // dropped from `events` as a "retry" of it (while views still saw its rows).
  insert_deduplication_token: '',
};

/**
 * Settings each pooled embedded session starts with. Literal rendering writes bound values into
 * the SQL text, so a lookup of 5,000 event ids is ~200 KB of query: over ClickHouse's default
 * max_query_size (256 KiB) it fails with "Max query size exceeded". It is a parser limit, so it
 * cannot go in a statement's SETTINGS clause; SET once per session instead.
 */
const EMBEDDED_SESSION_SETTINGS: Settings = { date_time_input_format: 'best_effort', max_query_size: 64 * 1024 * 1024 };

export interface QueryEvent {
  /** The operation name given by the repository, e.g. `dau` or `migrations.applied`. */
  operation: string;
  queryId: string;
  /** The SQL with `{pN:Type}` placeholders (what logs show: no values), whatever the rendering. */
  query: string;
  params: Record<string, unknown>;
  /** The text actually sent: `query` itself, or with the literal rendering the parameter-free SQL. */
  sent: string;
  durationMs: number;
  error?: unknown;
}

export interface QueryOptions {
  settings?: ClickHouseSettings;
  /** Overrides the default timeout, seconds. */
  timeoutSeconds?: number;
  /** Overrides the lane the statement's tables put it in (src/clickhouse/query-lanes.ts). */
  lane?: Lane;
}

/** What every handle of one client shares: the engine, the scheduler, the observers. */
export interface ClickHouseCore {
  client: ClickHouseClient;
  engine: Engine;
  database: string;
  defaultTimeoutSeconds: number;
  /** 'literals' sends parameter-free SQL (src/clickhouse/sql.ts renderLiterals); 'params' sends query_params. */
  rendering: SqlRendering;
  /** The embedded engine's sessions; reads and DDL run here when the rendering is literal (parameter-free SQL only). */
  pool?: ChdbPool;
  /** Every read and command waits here for a slot (src/clickhouse/scheduler.ts). */
  scheduler: Scheduler;
  /** max_threads of heavy-lane statements started while others run or wait (0 = the engine's default): on a small machine a funnel leaves a core to the rest. */
  heavyMaxThreads: number;
  /** os_thread_priority (nice) of heavy-lane statements' threads (0 = unchanged): cheap statements and the event loop get the CPU first. */
  heavyNice: number;
  listeners: Set<(event: QueryEvent) => void>;
  /** Advanced by every committed insert and command: what the answer cache checks its answers against. */
  dataVersion: DataVersion;
  /** Embedded engine: deduplication records of uncommitted blocks removed before it opened (src/clickhouse/deduplication-log-repair.ts). */
  repairedAtOpen?: RemovedRecord[];
}

/** Whose statements a handle runs, for the scheduler, and until when (the request's deadline and disconnect). */
export interface RequestBinding {
  /** Fair-share key: `company:<id>` for partners, `<role>:<subject>` for other tokens. */
  tenant: string;
  /**
   * The request's deadline and stop signal (src/clickhouse/request-budget.ts): queued statements
   * are dropped and running ones cancelled when it stops; each statement's max_execution_time is
   * at most what is left of it.
   */
  budget?: RequestBudget;
}

/** Statements outside any request: scheduled as one tenant, never refused for a full queue. */
const SYSTEM: RequestBinding = { tenant: 'system' };

/**
 * The ClickHouse handle every repository gets. It hides which engine runs underneath
 * (embedded chDB or a server over HTTP): same SQL, same results.
 *
 * Every statement carries a query id and a `log_comment` naming its operation (visible in
 * `system.query_log` on a server) and a `max_execution_time`, so no query runs unbounded, and
 * waits for its slot in the scheduler (fair per tenant, cheap lane never behind heavy).
 */
export class ClickHouse {
  constructor(
    private readonly core: ClickHouseCore,
    /** Settings added last to every query of this handle (a request's role limits). */
    private readonly boundSettings: ClickHouseSettings = {},
    /** Whose limits those are (for error messages), e.g. `partner`. */
    private readonly boundRole?: string,
    private readonly binding: RequestBinding = SYSTEM,
  ) {}

  get client(): ClickHouseClient {
    return this.core.client;
  }

  get engine(): Engine {
    return this.core.engine;
  }

  get database(): string {
    return this.core.database;
  }

  /** What the embedded engine's open repaired: deduplication records a crash left of blocks never committed (usually none). */
  get repairedAtOpen(): readonly RemovedRecord[] {
    return this.core.repairedAtOpen ?? [];
  }

  get rendering(): SqlRendering {
    return this.core.rendering;
  }

  get scheduler(): Scheduler {
    return this.core.scheduler;
  }

  /** Advanced by every committed write of this process (src/clickhouse/data-version.ts). */
  get dataVersion(): DataVersion {
    return this.core.dataVersion;
  }

  /** The embedded engine's session pool, when statements run on it. */
  get pool(): ChdbPool | undefined {
    return this.core.pool;
  }

  /**
   * A handle for one request: every query it runs carries `settings` last (the viewer's role
   * limits, src/clickhouse/role-settings.ts), so no repository can loosen them. Same client,
   * same observers; cheap to make per request.
   */
  withSettings(settings: ClickHouseSettings, role?: string): ClickHouse {
    return new ClickHouse(this.core, { ...this.boundSettings, ...settings }, role ?? this.boundRole, this.binding);
  }

  /** A handle whose statements are scheduled for `binding.tenant` and stop with `binding.signal`. */
  forRequest(binding: RequestBinding): ClickHouse {
    return new ClickHouse(this.core, this.boundSettings, this.boundRole, binding);
  }

  /** `db.table`, for use inside `sql` templates. */
  table(name: TableName) {
    return identifier(`${this.database}.${name}`);
  }

  /** Observe every statement (tests count queries; metrics time them). Returns an unsubscribe function. */
  onQuery(listener: (event: QueryEvent) => void): () => void {
    this.core.listeners.add(listener);
    return () => this.core.listeners.delete(listener);
  }

  async query<Row>(operation: string, fragment: SqlFragment, options: QueryOptions = {}): Promise<Row[]> {
    return this.run(operation, fragment, options, {
      pool: (pool, sent, settings, signal, onEnded) => pool.query<Row>(sent, { settings: settings as Settings, signal, onEnded }),
      client: async (query, params, queryId, settings, signal) => {
        const result = await this.core.client.query({
          query,
          query_params: params,
          format: 'JSONEachRow',
          query_id: queryId,
          clickhouse_settings: settings,
          abort_signal: signal,
        });
        return (await result.json()) as Row[];
      },
    });
  }

  async command(operation: string, fragment: SqlFragment, options: QueryOptions = {}): Promise<void> {
    await this.run(operation, fragment, options, {
      // No SETTINGS clause on DDL (it would mean table settings); max_execution_time does not apply to it.
      pool: (pool, sent, _settings, signal, onEnded) => pool.command(sent, { signal, onEnded }),
      client: async (query, params, queryId, settings, signal) => {
        await this.core.client.command({ query, query_params: params, query_id: queryId, clickhouse_settings: settings, abort_signal: signal });
      },
    });
    // DDL, TTL changes, INSERT ... SELECT: any of them may change what a query answers.
    this.core.dataVersion.advance();
  }

  /** Inserts rows as JSONEachRow. Settings carry the deduplication token for idempotent retries. */
  async insert(operation: string, table: TableName, rows: readonly object[], settings: ClickHouseSettings = {}): Promise<void> {
    const queryId = `${operation}:${randomUUID()}`;
    const started = performance.now();
    let error: unknown;
    try {
      await this.core.client.insert({
        table: `${this.database}.${table}`,
        values: rows as object[],
        format: 'JSONEachRow',
        query_id: queryId,
        clickhouse_settings: { log_comment: operation, ...this.sessionDefaults(), ...settings },
      });
      this.core.dataVersion.advance();
    } catch (e) {
      error = e;
      throw e;
    } finally {
      const query = `INSERT INTO ${this.database}.${table}`;
      this.emit({ operation, queryId, query, params: {}, sent: query, durationMs: performance.now() - started, error });
    }
  }

  /** Tells this client's observers about a statement run outside it (the NDJSON fast path, src/clickhouse/embedded-insert.ts). */
  reportStatement(event: QueryEvent): void {
    this.emit(event);
  }

  async ping(): Promise<boolean> {
    const result = await this.core.client.ping();
    return result.success;
  }

  async close(): Promise<void> {
    await this.core.pool?.close();
    await this.core.client.close();
  }

  private async run<T>(operation: string, fragment: SqlFragment, options: QueryOptions, execute: Executors<T>): Promise<T> {
    const { query, params } = render(fragment);
    const literal = this.core.rendering === 'literals';
    const sent = literal ? renderLiterals(fragment) : query;
    const queryId = `${operation}:${randomUUID()}`;
    const lane = options.lane ?? laneOf(fragment);
    const pool = literal ? this.core.pool : undefined;
    const settings: ClickHouseSettings = {
      log_comment: operation,
      max_execution_time: options.timeoutSeconds ?? this.defaultTimeoutSeconds(),
      // The pool never SETs (a SETTINGS clause per statement): nothing to reset there.
      ...(pool ? {} : this.sessionDefaults()),
      // Nice for the heavy statement's engine threads: with both cores busy the kernel runs the
      // cheap statements' threads and Node's event loop (deadline timers, answers) first.
      ...(lane === 'heavy' && this.core.heavyNice > 0 ? { os_thread_priority: String(this.core.heavyNice) } : {}),
      // A server stops a read whose HTTP request was aborted (deadline, client gone).
      ...(this.core.engine === 'server' ? { cancel_http_readonly_queries_on_client_close: 1 } : {}),
      ...options.settings,
      // The request's per-role limits come last: a repository cannot loosen them.
      ...this.boundSettings,
    };
    const { budget, tenant } = this.binding;
    const signal = budget?.signal;
    if (budget) {
      // Never past the request's deadline, even where a cancel does not land (fractions allowed).
      const left = Math.max(0.001, Math.round(budget.remainingSeconds() * 1000) / 1000);
      const own = Number(settings.max_execution_time ?? 0);
      if (own === 0 || left < own) settings.max_execution_time = left;
    }
    const started = performance.now();
    let error: unknown;
    try {
      if (budget?.reason) throw new QueryCancelledError('queued');
      const release = await this.core.scheduler.acquire({ tenant, lane, cost: budget?.cost ?? 0, signal, bounded: this.binding !== SYSTEM });
      // A heavy statement leaves a core to the rest only when there is a rest: started alone it
      // takes every core (a 30-day login funnel at 1M events: 198 vs 269 ms capped, and a cheap
      // statement started beside it 16.3 vs 14.9 ms, its threads being niced below), and one
      // started while others run or wait is capped (bench/issue14/heavy-cap-probe.ts).
      if (lane === 'heavy' && this.core.heavyMaxThreads > 0 && this.core.scheduler.contended() && settings.max_threads === undefined) {
        settings.max_threads = this.core.heavyMaxThreads;
      }
      if (pool) return await execute.pool(pool, sent, settings, signal, release);
      try {
        return await execute.client(sent, literal ? {} : params, queryId, settings, signal);
      } catch (e) {
        if (signal?.aborted) {
          void this.killOnServer(queryId);
          throw new QueryCancelledError('running');
        }
        throw e;
      } finally {
        release();
      }
    } catch (e) {
      error = e;
      // One refused statement refuses the request (503 as a whole): its other statements stop too.
      if (e instanceof SchedulerBusyError) budget?.stop('busy');
      if (e instanceof QueryCancelledError && budget?.reason) throw budget.error(this.boundRole);
      // The engine's own timeout, when it was the request's deadline that cut it, is the request's QUERY_TIMEOUT too.
      if (budget && budget.remainingSeconds() === 0 && classifyClickHouseError(e) === 'timeout') throw budget.error(this.boundRole);
      // A per-role limit (timeout, rows, memory) becomes QUERY_TIMEOUT / QUERY_TOO_LARGE; anything else stays as it is.
      throw busyQueryError(e) ?? typedQueryError(e, settings, this.boundRole) ?? e;
    } finally {
      this.emit({ operation, queryId, query, params, sent, durationMs: performance.now() - started, error });
    }
  }

  private defaultTimeoutSeconds(): number {
    return this.core.defaultTimeoutSeconds;
  }

  /** An aborted HTTP read may still run on the server (a command is not read-only): stop it by id. Best effort. */
  private async killOnServer(queryId: string): Promise<void> {
    if (this.core.engine !== 'server') return;
    try {
      await this.core.client.command({ query: 'KILL QUERY WHERE query_id = {id:String} ASYNC', query_params: { id: queryId } });
    } catch {
      // The statement's own max_execution_time still ends it.
    }
  }

  /**
   * The embedded engine runs every statement in one chDB session, and settings sent with a
   * query are applied as `SET` statements that stay in force for the next queries. So every
   * query puts the per-role limit settings (src/clickhouse/role-settings.ts) back to "no limit"
   * unless its own request sets them: one partner's request must not cap the next request, an
   * insert or a migration. A ClickHouse server keeps settings per query: nothing to reset, and
   * the user's settings profile stays in force.
   */
  private sessionDefaults(): ClickHouseSettings {
    return this.core.engine === 'embedded' ? EMBEDDED_SESSION_DEFAULTS : {};
  }

  private emit(event: QueryEvent) {
    for (const listener of this.core.listeners) listener(event);
  }
}

type PoolExecutor<T> = (pool: ChdbPool, sent: string, settings: ClickHouseSettings, signal: AbortSignal | undefined, onEnded: () => void) => Promise<T>;
type ClientExecutor<T> = (
  query: string,
  params: Record<string, unknown>,
  queryId: string,
  settings: ClickHouseSettings,
  signal: AbortSignal | undefined,
) => Promise<T>;

/** How one kind of statement runs on each path: the session pool (parameter-free SQL) or @clickhouse/client. */
interface Executors<T> {
  pool: PoolExecutor<T>;
  client: ClientExecutor<T>;
}

function schedulerFor(config: Config): Scheduler {
  const s = config.serving;
  return new Scheduler({
    slots: s.concurrency,
    heavySlots: s.heavySlots,
    maxQueued: s.queueMax,
    maxQueuedPerTenant: s.queueMaxPerTenant,
    retryAfterSeconds: s.retryAfterSeconds,
  });
}

/**
 * Names the process that has the embedded engine open on a data directory. The engine allows
 * one process per directory (two `npm start` on one DATA_DIR would both write its tables), and
 * the repair of the deduplication logs may only run before any engine has the directory open
 * (the engine keeps the records in memory and appends to the files): not again in this process
 * (a test runner loads this module once per test file, the engine stays open for the process).
 */
const ENGINE_CLAIM_FILE = '.engine-process';

/**
 * Refuses a data directory another live process has open; else repairs the deduplication logs
 * (unless this process opened the engine already) and names this process as the one that has.
 */
function repairBeforeOpen(dataDir: string): RemovedRecord[] {
  const file = path.join(dataDir, ENGINE_CLAIM_FILE);
  const holder = readClaim(file);
  const who = holder === null ? 'gone' : claimHolder(holder);
  if (who === 'this process') return [];
  if (holder !== null && who !== 'gone') {
    throw new Error(
      `The data directory ${dataDir} is in use by ${claimedBy(holder)} (${file}): the embedded engine allows one process per data directory. ` +
        `Stop that process, or point DATA_DIR elsewhere; if that process is gone, delete ${file}.`,
    );
  }
  const removed = repairDeduplicationLogs(dataDir);
  try {
    writeClaim(file, false);
  } catch (error) {
    // A full or read-only disk: the engine still serves reads (and /readyz reports the failing
    // writes); only the guard against a second process is missing until the next start.
    if (!['ENOSPC', 'EROFS', 'EDQUOT'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  return removed;
}

/**
 * The one ClickHouse client factory. No CLICKHOUSE_URL: the embedded engine (chDB, in this
 * process) on `dataDir`, reads on a pool of CLICKHOUSE_CONCURRENCY sessions when the rendering
 * is literal (the default there). With CLICKHOUSE_URL: a ClickHouse server over HTTP, with
 * CLICKHOUSE_CONCURRENCY keep-alive connections.
 */
export function createClickHouse(config: Config): ClickHouse {
  const base = {
    database: config.database,
    defaultTimeoutSeconds: config.queryTimeoutSeconds,
    rendering: config.sqlRendering,
    scheduler: schedulerFor(config),
    listeners: new Set<(event: QueryEvent) => void>(),
    dataVersion: new DataVersion(),
  };
  if (config.clickhouseUrl) {
    const client = createClient({
      url: config.clickhouseUrl,
      username: config.clickhouseUser,
      password: config.clickhousePassword,
      // Long enough for the longest max_execution_time any query may carry, so ClickHouse's own timeout answers first.
      request_timeout: (Math.max(config.queryTimeoutSeconds, ...Object.values(config.limits.clickhouse).map((l) => l.maxExecutionTimeSeconds)) + 5) * 1000,
      // One connection per scheduler slot, plus one for inserts and kills beside them.
      max_open_connections: config.serving.concurrency + 1,
      keep_alive: { enabled: true },
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return new ClickHouse({ ...base, client, engine: 'server', heavyMaxThreads: config.serving.heavyMaxThreads, heavyNice: config.serving.heavyNice });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Before the engine loads the tables, and only if no engine has them open yet.
  const repairedAtOpen = repairBeforeOpen(path.resolve(config.dataDir));
  // Loaded lazily: the ~550 MB native library is only needed for the embedded engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  // Inserts (the ingest path) and parameterized statements (CLICKHOUSE_SQL_RENDERING=params) go
  // through @clickhouse/client on chdb's own session; reads and DDL run on the pool.
  const client = createClient({
    // chdb's Connection is typed against its own copy of @clickhouse/client-common; the
    // shapes are the same, the nominal types are not.
    connection: createChdbConnection({ path: config.dataDir }) as never,
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
  const pool =
    config.sqlRendering === 'literals'
      ? new ChdbPool({ path: config.dataDir, size: config.serving.concurrency, sessionSettings: EMBEDDED_SESSION_SETTINGS })
      : undefined;
  // chdb runs parameterized calls one at a time process-wide: more slots would only queue there.
  const scheduler = pool ? base.scheduler : schedulerFor({ ...config, serving: { ...config.serving, concurrency: 1 } });
  return new ClickHouse({
    ...base,
    scheduler,
    client,
    pool,
    engine: 'embedded',
    repairedAtOpen,
    heavyMaxThreads: config.serving.heavyMaxThreads,
    heavyNice: config.serving.heavyNice,
  });
}
