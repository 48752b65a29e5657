import { Client } from 'pg';
import { SOURCE_COLUMNS, type PostgresEventRow, type SourceCursor } from './postgres-row';

/** Rows are read in ("timestamp", id) order between these bounds (UTC text, `YYYY-MM-DD HH:MM:SS.ffffff`). */
export interface ReadRange {
  /** Inclusive lower bound: `--since`, else FLOOR_TIMESTAMP. */
  from: string;
  /** Exclusive upper bound: the snapshot time taken when the run started (see snapshotUntil). */
  until: string;
}

/**
 * Rows older than this are not read: the progress table keeps DateTime64, which starts in 1900,
 * and our validator refuses events before 2000 anyway. countUnreadable() reports them.
 */
export const FLOOR_TIMESTAMP = '1900-01-01 00:00:00.000000';

const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
// to_char renders in the session time zone, which connect() sets to UTC: the same text for a
// `timestamp` column (which holds UTC on the platform) and a `timestamptz` one.
const TS_TEXT = `to_char(e."timestamp", 'YYYY-MM-DD HH24:MI:SS.US')`;
// The id order must be the same in ORDER BY and in the resume condition; "C" (byte order) also
// keeps it independent of the database's locale.
const ID = `e."id" COLLATE "C"`;

/** `postgres://user:***@host:5432/db`: a connection URL safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Reads the platform's analytics_events table in keyset-paginated batches: each batch starts
 * after the last ("timestamp", id) of the one before, so no OFFSET scan grows with the table and
 * a run can resume from a stored cursor. One connection, held for the whole import.
 */
export class PostgresEventReader {
  private constructor(
    private readonly client: Client,
    private readonly qualifiedTable: string,
    /** Identifies the source table across runs (no credentials): `host:port/database/table`. */
    readonly source: string,
  ) {}

  static async connect(url: string, table: string, options: { connectTimeoutMs?: number; statementTimeoutMs?: number } = {}): Promise<PostgresEventReader> {
    if (!TABLE_RE.test(table)) {
      throw new Error(`--table must be a table name or schema.table of letters, digits and _, got ${JSON.stringify(table)}`);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('--url must be a PostgreSQL connection URL such as postgres://user:password@host:5432/database');
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new Error(`--url must start with postgres:// or postgresql://, got ${redactUrl(url)}`);
    }
    const client = new Client({
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      statement_timeout: options.statementTimeoutMs ?? 300_000,
      application_name: 'learnmetrics-import',
    });
    try {
      await client.connect();
      await client.query(`SET TIME ZONE 'UTC'`);
    } catch (error) {
      await client.end().catch(() => {});
      // eslint-disable-next-line preserve-caught-error -- the cause may repeat the URL with its password; the message keeps the reason
      throw new Error(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || parsed.username || 'postgres';
    const source = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}/${table}`;
    return new PostgresEventReader(client, table.split('.').map(quote).join('.'), source);
  }

  /**
   * The upper bound of this run: the database's now() minus `settleSeconds`. Rows are written
   * with their own timestamps by transactions that commit in any order; leaving the last minutes
   * for the next run means a row that commits late is not skipped by a cursor that passed it.
   */
  async snapshotUntil(settleSeconds: number): Promise<string> {
    const result = await this.client.query<{ until: string }>(`SELECT to_char(now() - make_interval(secs => $1), 'YYYY-MM-DD HH24:MI:SS.US') AS until`, [
      settleSeconds,
    ]);
    return result.rows[0]!.until;
  }

  /** Rows this run will read after `after`: the total of the progress display. */
  async count(range: ReadRange, after: SourceCursor | null): Promise<number> {
    const { where, params } = this.conditions(range, after);
    const result = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.qualifiedTable} AS e WHERE ${where}`, params);
    return Number(result.rows[0]!.n);
  }

  /** Rows no run reads: timestamps before FLOOR_TIMESTAMP or infinite. Reported, never imported. */
  async countUnreadable(): Promise<number> {
    const result = await this.client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.qualifiedTable} WHERE "timestamp" < $1 OR "timestamp" = 'infinity'`,
      [FLOOR_TIMESTAMP],
    );
    return Number(result.rows[0]!.n);
  }

  /** The next `limit` rows in ("timestamp", id) order after `after` (from the start of the range when null). */
  async readBatch(range: ReadRange, after: SourceCursor | null, limit: number): Promise<PostgresEventRow[]> {
    const { where, params } = this.conditions(range, after);
    const columns = SOURCE_COLUMNS.map((c) => `e.${quote(c)}`).join(', ');
    // Qualified names throughout: a bare "timestamp" in ORDER BY would mean the text alias.
    const result = await this.client.query<PostgresEventRow>(
      `SELECT ${columns}, ${TS_TEXT} AS "timestamp" FROM ${this.qualifiedTable} AS e
       WHERE ${where}
       ORDER BY e."timestamp", ${ID}
       LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return result.rows;
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  private conditions(range: ReadRange, after: SourceCursor | null): { where: string; params: unknown[] } {
    const params: unknown[] = [range.from, range.until];
    let where = `e."timestamp" >= $1 AND e."timestamp" < $2`;
    if (after !== null) {
      params.push(after.timestamp, after.id);
      // Same as ("timestamp", id) > ($3, $4), spelled so the index on "timestamp" bounds the scan.
      where += ` AND e."timestamp" >= $3 AND (e."timestamp" > $3 OR ${ID} > $4)`;
    }
    return { where, params };
  }
}
