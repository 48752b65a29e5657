import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import type { Config } from '../config/config';
import { typedQueryError } from './errors';
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
}

/**
 * The ClickHouse handle every repository gets. It hides which engine runs underneath
 * (embedded chDB or a server over HTTP): same SQL, same results.
 *
 * Every statement carries a query id and a `log_comment` naming its operation (visible in
 * `system.query_log` on a server) and a `max_execution_time`, so no query runs unbounded.
 */
export class ClickHouse {
  constructor(
    readonly client: ClickHouseClient,
    readonly engine: Engine,
    readonly database: string,
    private readonly defaultTimeoutSeconds: number,
    /** 'literals' sends parameter-free SQL (src/clickhouse/sql.ts renderLiterals); 'params' sends query_params. */
    readonly rendering: SqlRendering = 'params',
    /** Shared by every handle of this client (withSettings): observers see all statements. */
    private readonly listeners = new Set<(event: QueryEvent) => void>(),
    /** Settings added last to every query of this handle (a request's role limits). */
    private readonly boundSettings: ClickHouseSettings = {},
    /** Whose limits those are (for error messages), e.g. `partner`. */
    private readonly boundRole?: string,
  ) {}

  /**
   * A handle for one request: every query it runs carries `settings` last (the viewer's role
   * limits, src/clickhouse/role-settings.ts), so no repository can loosen them. Same client,
   * same observers; cheap to make per request.
   */
  withSettings(settings: ClickHouseSettings, role?: string): ClickHouse {
    return new ClickHouse(
      this.client,
      this.engine,
      this.database,
      this.defaultTimeoutSeconds,
      this.rendering,
      this.listeners,
      { ...this.boundSettings, ...settings },
      role ?? this.boundRole,
    );
  }

  /** `db.table`, for use inside `sql` templates. */
  table(name: TableName) {
    return identifier(`${this.database}.${name}`);
  }

  /** Observe every statement (tests count queries; metrics time them). Returns an unsubscribe function. */
  onQuery(listener: (event: QueryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async query<Row>(operation: string, fragment: SqlFragment, options: QueryOptions = {}): Promise<Row[]> {
    return this.run(operation, fragment, options, async (query, params, queryId, settings) => {
      const result = await this.client.query({ query, query_params: params, format: 'JSONEachRow', query_id: queryId, clickhouse_settings: settings });
      return (await result.json()) as Row[];
    });
  }

  async command(operation: string, fragment: SqlFragment, options: QueryOptions = {}): Promise<void> {
    await this.run(operation, fragment, options, async (query, params, queryId, settings) => {
      await this.client.command({ query, query_params: params, query_id: queryId, clickhouse_settings: settings });
    });
  }

  /** Inserts rows as JSONEachRow. Settings carry the deduplication token for idempotent retries. */
  async insert(operation: string, table: TableName, rows: readonly object[], settings: ClickHouseSettings = {}): Promise<void> {
    const queryId = `${operation}:${randomUUID()}`;
    const started = performance.now();
    let error: unknown;
    try {
      await this.client.insert({
        table: `${this.database}.${table}`,
        values: rows as object[],
        format: 'JSONEachRow',
        query_id: queryId,
        clickhouse_settings: { log_comment: operation, ...this.sessionDefaults(), ...settings },
      });
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
    const result = await this.client.ping();
    return result.success;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async run<T>(
    operation: string,
    fragment: SqlFragment,
    options: QueryOptions,
    execute: (query: string, params: Record<string, unknown>, queryId: string, settings: ClickHouseSettings) => Promise<T>,
  ): Promise<T> {
    const { query, params } = render(fragment);
    const literal = this.rendering === 'literals';
    const sent = literal ? renderLiterals(fragment) : query;
    const queryId = `${operation}:${randomUUID()}`;
    const settings: ClickHouseSettings = {
      log_comment: operation,
      max_execution_time: options.timeoutSeconds ?? this.defaultTimeoutSeconds,
      ...this.sessionDefaults(),
      ...options.settings,
      // The request's per-role limits come last: a repository cannot loosen them.
      ...this.boundSettings,
    };
    const started = performance.now();
    let error: unknown;
    try {
      return await execute(sent, literal ? {} : params, queryId, settings);
    } catch (e) {
      error = e;
      // A per-role limit (timeout, rows, memory) becomes QUERY_TIMEOUT / QUERY_TOO_LARGE; anything else stays as it is.
      throw typedQueryError(e, settings, this.boundRole) ?? e;
    } finally {
      this.emit({ operation, queryId, query, params, sent, durationMs: performance.now() - started, error });
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
    return this.engine === 'embedded' ? EMBEDDED_SESSION_DEFAULTS : {};
  }

  private emit(event: QueryEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * The one ClickHouse client factory. No CLICKHOUSE_URL: the embedded engine (chDB, in this
 * process) on `dataDir`. With CLICKHOUSE_URL: a ClickHouse server over HTTP.
 */
export function createClickHouse(config: Config): ClickHouse {
  if (config.clickhouseUrl) {
    const client = createClient({
      url: config.clickhouseUrl,
      username: config.clickhouseUser,
      password: config.clickhousePassword,
      // Long enough for the longest max_execution_time any query may carry, so ClickHouse's own timeout answers first.
      request_timeout: (Math.max(config.queryTimeoutSeconds, ...Object.values(config.limits.clickhouse).map((l) => l.maxExecutionTimeSeconds)) + 5) * 1000,
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    // A server binds query_params per query; literals are only needed where chdb serializes them.
    return new ClickHouse(client, 'server', config.database, config.queryTimeoutSeconds, config.sqlRendering);
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Loaded lazily: the ~550 MB native library is only needed for the embedded engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  const client = createClient({
    // chdb's Connection is typed against its own copy of @clickhouse/client-common; the
    // shapes are the same, the nominal types are not.
    connection: createChdbConnection({ path: config.dataDir }) as never,
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
  return new ClickHouse(client, 'embedded', config.database, config.queryTimeoutSeconds, config.sqlRendering);
}
