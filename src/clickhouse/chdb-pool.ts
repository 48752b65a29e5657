import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseError } from '@clickhouse/client';
import type { ChdbResult, Session as ChdbSession } from 'chdb';
import { quoteString } from './literals';

/**
 * A pool of chdb `Session`s on one data directory: the embedded engine's way to run queries in
 * parallel (issue 11). Measured facts it is built on (chdb 3.4, notes/issue-11-engine.md):
 *
 * - Sessions on the same path share one in-process server and its data, and their async
 *   queries run on separate libuv threads at the same time. Each session runs one statement at
 *   a time here (a session is a connection; one streaming cursor per connection).
 * - Parameterized calls are serialized process-wide by chdb (`globalParamChain`): the pool takes
 *   parameter-free SQL only (the `sql` tag's renderLiterals).
 * - Settings: a `SET` (what @clickhouse/client + chdb/connection do with clickhouse_settings)
 *   stays in force on the session for every later statement. The pool never SETs after a
 *   session starts: a query's settings go into its own `SETTINGS` clause, an insert's between
 *   `INSERT INTO t` and `FORMAT`, so one request's limits cannot leak into the next statement.
 * - Cancellation: a single-shot async query cannot be interrupted through its own call, and a
 *   `queryStream` only stops between chunks (an aggregation has one chunk, at the end: aborting
 *   it took as long as the query). `KILL QUERY ... ASYNC` from another session stops it inside
 *   the engine within ~0.1 s (`QUERY_WAS_CANCELLED`). So every statement starts with a marker
 *   comment, and cancelling kills by marker from a control session kept out of the pool.
 *   `KILL QUERY ... SYNC` hung in chdb: never use it.
 * - The session stays busy until the engine is really done with the statement, even when the
 *   caller was answered early (an abort): a session is never handed out mid-statement.
 */

export type SettingValue = string | number | boolean;
export type Settings = Record<string, SettingValue | undefined>;

export interface PoolOptions {
  /** The one data directory of this process. */
  path: string;
  /** Sessions that run statements (default: the core count). */
  size?: number;
  /** Settings every session starts with (SET once at creation, never changed later). */
  sessionSettings?: Settings;
}

export interface StatementOptions {
  /** Settings of this statement only (a SETTINGS clause, not SET). */
  settings?: Settings;
  /** Aborting answers at once with a QueryCancelledError and kills the statement in the engine. */
  signal?: AbortSignal;
  /**
   * Called exactly once, when the engine is done with the statement (or it never started): the
   * moment its session is free again, which after a cancel is later than the caller's answer.
   * The scheduler frees its slot here, so it never counts a session as free that is not.
   */
  onEnded?: () => void;
}

/** The statement was cancelled through its AbortSignal (deadline or client gone) before it answered. */
export class QueryCancelledError extends Error {
  readonly code = 'QUERY_CANCELLED';
  constructor(readonly phase: 'queued' | 'running') {
    super(
      phase === 'queued'
        ? 'The query was cancelled while waiting for a ClickHouse session'
        : 'The query was cancelled while running; the engine was told to stop it',
    );
    this.name = 'QueryCancelledError';
  }
}

export interface PoolStats {
  size: number;
  busy: number;
  queued: number;
  started: number;
  cancelled: number;
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function settingValue(value: SettingValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`A ClickHouse setting must be a finite number, not ${value}`);
    return String(value);
  }
  return quoteString(value);
}

/**
 * Settings of ClickHouse's HTTP interface, which the embedded engine does not know (it refuses
 * them with UNKNOWN_SETTING): the role limits carry wait_end_of_query for a server. Dropped,
 * as chdb/connection drops them.
 */
const HTTP_ONLY = (name: string) =>
  name === 'wait_end_of_query' || name === 'send_progress_in_http_headers' || name === 'enable_http_compression' || name.startsWith('http_');

/** `k = v, ...` of the defined settings; names must be plain (they are code, never input). */
export function settingsList(settings: Settings | undefined): string {
  return Object.entries(settings ?? {})
    .filter((entry): entry is [string, SettingValue] => entry[1] !== undefined && !HTTP_ONLY(entry[0]))
    .map(([name, value]) => {
      if (!SETTING_NAME.test(name)) throw new Error(`Refusing ClickHouse setting name ${JSON.stringify(name)}: only [A-Za-z0-9_] names`);
      return `${name} = ${settingValue(value)}`;
    })
    .join(', ');
}

/** Errors from chdb as @clickhouse/client's ClickHouseError ({ code: '159', type: 'TIMEOUT_EXCEEDED' }), as src/clickhouse/errors.ts expects from both engines. */
export function asClickHouseError(error: unknown): unknown {
  if (error instanceof QueryCancelledError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const mapped = parseError(message);
  if (mapped !== error && error instanceof Error) (mapped as Error & { cause?: unknown }).cause = error;
  return mapped;
}

interface Waiter {
  resolve: (session: ChdbSession) => void;
  reject: (error: unknown) => void;
}

export class ChdbPool {
  readonly size: number;
  private readonly idle: ChdbSession[] = [];
  private readonly all: ChdbSession[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly control: ChdbSession;
  private closed = false;
  /** The control session runs one kill at a time, like every session. */
  private controlTail: Promise<unknown> = Promise.resolve();
  private counters = { started: 0, cancelled: 0 };

  /** The default pool size: one session per core (two CPU-bound queries ran 1.8x on 2 cores). */
  static defaultSize(): number {
    return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  }

  constructor(options: PoolOptions) {
    // Loaded lazily: the ~550 MB native library is only needed for the embedded engine.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Session } = require('chdb') as typeof import('chdb');
    this.size = options.size ?? ChdbPool.defaultSize();
    if (!Number.isInteger(this.size) || this.size < 1) throw new Error(`A chdb pool needs at least one session, not ${options.size}`);
    const init = settingsList(options.sessionSettings);
    const open = () => {
      const session = new Session(options.path);
      // SET once, at creation, before the session runs anything else (a synchronous call).
      if (init) session.query(`SET ${init}`, 'CSV');
      return session;
    };
    this.control = open();
    for (let i = 0; i < this.size; i += 1) {
      const session = open();
      this.all.push(session);
      this.idle.push(session);
    }
  }

  stats(): PoolStats {
    return { size: this.size, busy: this.size - this.idle.length, queued: this.waiters.length, ...this.counters };
  }

  /**
   * A SELECT (or any statement that returns rows), as JSONEachRow rows; `settings` become its
   * SETTINGS clause, so `sql` must not end with one of its own (no repository writes one) nor
   * with FORMAT (the format is JSONEachRow).
   */
  async query<Row>(sql: string, options: StatementOptions = {}): Promise<Row[]> {
    const list = settingsList(options.settings);
    // On a line of its own: the statement may end with a `--` comment.
    const text = list ? `${sql}\nSETTINGS ${list}` : sql;
    const out = await this.run(text, 'JSONEachRow', options.signal, options.onEnded);
    const body = out.trimEnd();
    return body ? body.split('\n').map((line) => JSON.parse(line) as Row) : [];
  }

  /**
   * What a SELECT would read, from the primary key and partition analysis alone (EXPLAIN
   * ESTIMATE; nothing is read): rows and marks summed over the tables it touches. The cost a
   * scheduler can put a statement in a lane by, before running it. (chdb's own result counters
   * are about the result, not what was read.)
   */
  async estimate(sql: string): Promise<{ rows: number; marks: number; parts: number }> {
    const lines = await this.query<{ rows: number | string; marks: number | string; parts: number | string }>(`EXPLAIN ESTIMATE ${sql}`);
    const total = { rows: 0, marks: 0, parts: 0 };
    for (const l of lines) {
      total.rows += Number(l.rows);
      total.marks += Number(l.marks);
      total.parts += Number(l.parts);
    }
    return total;
  }

  /** DDL and other statements without rows. No settings: a SETTINGS clause on DDL means table settings. */
  async command(sql: string, options: Pick<StatementOptions, 'signal' | 'onEnded'> = {}): Promise<void> {
    await this.run(sql, 'CSV', options.signal, options.onEnded);
  }

  /** Rows as JSONEachRow into `table` (db.table), with this insert's settings (e.g. its deduplication token). */
  async insert(table: string, rows: readonly object[], options: StatementOptions = {}): Promise<void> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(table)) throw new Error(`Refusing table name ${JSON.stringify(table)}`);
    if (rows.length === 0) return;
    const list = settingsList(options.settings);
    const body = rows.map((r) => JSON.stringify(r)).join('\n');
    await this.run(`INSERT INTO ${table}${list ? ` SETTINGS ${list}` : ''} FORMAT JSONEachRow\n${body}`, 'CSV', options.signal, options.onEnded);
  }

  /** Closes every session once its statements have finished in the engine. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('The ClickHouse session pool is closed'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { drainPending } = require('chdb') as typeof import('chdb');
    await drainPending();
    for (const s of [...this.all, this.control]) s.close();
    await drainPending();
  }

  private acquire(signal?: AbortSignal): Promise<ChdbSession> {
    if (this.closed) return Promise.reject(new Error('The ClickHouse session pool is closed'));
    if (signal?.aborted) return Promise.reject(new QueryCancelledError('queued'));
    const session = this.idle.pop();
    if (session) return Promise.resolve(session);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (s) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(s);
        },
        reject,
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        this.counters.cancelled += 1;
        reject(new QueryCancelledError('queued'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private release(session: ChdbSession) {
    const next = this.waiters.shift();
    if (next) next.resolve(session);
    else this.idle.push(session);
  }

  private async run(sql: string, format: string, signal?: AbortSignal, onEnded?: () => void): Promise<string> {
    return (await this.runResult(sql, format, signal, onEnded)).text();
  }

  private async runResult(sql: string, format: string, signal?: AbortSignal, onEnded?: () => void): Promise<ChdbResult> {
    let session: ChdbSession;
    try {
      session = await this.acquire(signal);
    } catch (error) {
      onEnded?.();
      throw error;
    }
    const marker = `/* lm:${randomUUID()} */`;
    this.counters.started += 1;
    // The native call runs to its end whatever the caller does; the session is free only then.
    const native = session.queryAsync(`${marker}\n${sql}`, { format });
    const settled = native.then(
      () => undefined,
      () => undefined,
    );
    void settled.then(() => {
      this.release(session);
      onEnded?.();
    });
    if (!signal) return native.catch((e: unknown) => Promise.reject(asClickHouseError(e)));
    return new Promise<ChdbResult>((resolve, reject) => {
      let done = false;
      const onAbort = () => {
        if (done) return;
        done = true;
        this.counters.cancelled += 1;
        reject(new QueryCancelledError('running'));
        void this.kill(marker, settled);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      native.then(
        (r) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) {
            done = true;
            resolve(r);
          }
        },
        (e) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) {
            done = true;
            reject(asClickHouseError(e));
          }
        },
      );
      if (signal.aborted) onAbort();
    });
  }

  /**
   * Stops the statement carrying `marker` inside the engine. It may not be in the process list
   * yet (the kill can overtake the start), so the kill repeats until the statement has ended.
   */
  private async kill(marker: string, settled: Promise<void>): Promise<void> {
    let ended = false;
    void settled.then(() => {
      ended = true;
    });
    const pattern = quoteString(`${marker.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    for (let attempt = 0; attempt < 50 && !ended && !this.closed; attempt += 1) {
      const killed = this.controlTail.then(() => this.control.queryAsync(`KILL QUERY WHERE query LIKE ${pattern} ASYNC`, { format: 'CSV' }));
      // A failed kill leaves the statement to its max_execution_time; nothing to tell the caller.
      this.controlTail = killed.catch(() => undefined);
      await this.controlTail;
      await Promise.race([settled, new Promise((r) => setTimeout(r, 100).unref())]);
    }
  }
}
