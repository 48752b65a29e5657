import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Session as ChdbSession } from 'chdb';
import type { ClickHouse } from './client';
import { asClickHouseError, ChdbPool, settingsList, type Settings } from './chdb-pool';
import type { TableName } from './tables';

/**
 * Inserts NDJSON bytes as they are: the ingest fast path (issue 12, deliverable 6).
 *
 * Measured on the embedded engine (5,000-event batches into `events` with its views): the
 * generic path cost 2.7x a raw chdb insert of the same bytes. Its costs, one by one: every
 * `clickhouse_settings` entry became a session-wide `SET` statement run before the insert (13
 * of them: 2.21x on their own), @clickhouse/client re-encoded the rows into the SQL text
 * (+20%), and a large body was concatenated into the query string. Here the bytes go to chdb's
 * native raw insert (`Session.insert({ values: Buffer })`: no copy into a JS string, the
 * engine's parser reads them) and this insert's few settings sit in its own `SETTINGS` clause,
 * so nothing stays in force on the session for the statements after it.
 *
 * Against a ClickHouse server the same bytes are streamed as the HTTP body of one INSERT.
 */
export class NdjsonInserter {
  /** Sessions not running an insert now. A chdb session runs one statement at a time. */
  private readonly idle: ChdbSession[] = [];
  private readonly all: ChdbSession[] = [];
  /** Inserts waiting for a session, first come first served. */
  private readonly waiting: ((session: ChdbSession) => void)[] = [];

  constructor(
    private readonly db: ClickHouse,
    /** The embedded engine's data directory: the inserter's sessions share that engine. */
    private readonly dataDir?: string,
    /**
     * Inserts that run at once, each on its own session of the one engine (default one per
     * core). Batches of different requests are independent (their ids are held apart by the
     * caller's locks): two 5,000-row inserts on two sessions took 96 ms per batch against 151
     * one after another (raw chdb inserts, load 2).
     */
    private readonly sessions = ChdbPool.defaultSize(),
  ) {}

  /**
   * One INSERT of `bytes` (JSONEachRow lines) into `table` with `settings` in its SETTINGS
   * clause. Resolves once ClickHouse has written the rows and run the table's views.
   */
  async insert(operation: string, table: TableName, bytes: Buffer, settings: Settings = {}): Promise<void> {
    const queryId = `${operation}:${randomUUID()}`;
    const qualified = `${this.db.database}.${table}`;
    const started = performance.now();
    let error: unknown;
    try {
      if (this.db.engine === 'embedded') {
        await this.embeddedInsert(qualified, bytes, settings);
      } else {
        await this.db.client.insert({
          table: qualified,
          values: Readable.from([bytes]),
          format: 'JSONEachRow',
          query_id: queryId,
          clickhouse_settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Record<string, string>,
        });
      }
      // Committed: cached answers computed before it are stale (src/clickhouse/data-version.ts).
      this.db.dataVersion.advance();
    } catch (e) {
      error = e;
      throw e;
    } finally {
      const query = `INSERT INTO ${qualified} SETTINGS ${settingsList(settings)} FORMAT JSONEachRow`;
      this.db.reportStatement({ operation, queryId, query, params: {}, sent: query, durationMs: performance.now() - started, error });
    }
  }

  /** Closes the inserter's own sessions (the engine stays open for the other sessions). */
  close(): void {
    for (const session of this.all) session.close();
    this.all.length = 0;
    this.idle.length = 0;
  }

  private async embeddedInsert(table: string, bytes: Buffer, settings: Settings): Promise<void> {
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;
    const session = await this.acquire();
    try {
      await session.insert({ table, values: bytes, format: 'JSONEachRow', settings: defined });
    } catch (e) {
      throw asClickHouseError(e);
    } finally {
      this.release(session);
    }
  }

  private acquire(): Promise<ChdbSession> {
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.all.length < this.sessions) return Promise.resolve(this.openSession());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(session: ChdbSession): void {
    // Closed meanwhile (close() at shutdown): not handed out again.
    if (!this.all.includes(session)) return;
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  private openSession(): ChdbSession {
    if (!this.dataDir) throw new Error('NdjsonInserter needs the data directory of the embedded engine');
    // Loaded lazily: the native library is only needed for the embedded engine. A session on the
    // same path shares the process's one engine (and its data) with the client's session.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Session } = require('chdb') as typeof import('chdb');
    const session = new Session(this.dataDir);
    this.all.push(session);
    return session;
  }
}
