import type { ClickHouse } from '../client';
import { param, sql } from '../sql';

/** What a request with an Idempotency-Key answered, kept for the dedup window (0030_ingest_keys.sql). */
export interface StoredAnswer {
  key: string;
  /** SHA-256 (hex) of the body the key was first used with. */
  bodySha256: string;
  status: number;
  /** The JSON body of the answer, replayed as it was. */
  response: string;
  /** ISO-8601, UTC. */
  createdAt: string;
}

/** Idempotency keys and their answers in the embedded key-value table (no REDIS_URL). */
export class IngestKeysRepository {
  constructor(private readonly db: ClickHouse) {}

  /** The answer stored under `key` within the last `windowSeconds`, or null. */
  async find(key: string, windowSeconds: number): Promise<StoredAnswer | null> {
    // Aliases differ from column names: ClickHouse resolves SELECT aliases in WHERE too.
    const rows = await this.db.query<{ key: string; body_sha256: string; status: number | string; response: string; created: string }>(
      'ingest.key_lookup',
      sql`SELECT key, body_sha256, status, response, toString(created_at) AS created FROM ${this.db.table('ingest_keys')}
          WHERE key = ${key} AND created_at >= now64(3) - toIntervalSecond(${param(windowSeconds, 'UInt32')})`,
    );
    const row = rows[0];
    if (!row) return null;
    return { key: row.key, bodySha256: row.body_sha256, status: Number(row.status), response: row.response, createdAt: `${row.created.replace(' ', 'T')}Z` };
  }

  async store(answer: Omit<StoredAnswer, 'createdAt'>): Promise<void> {
    await this.db.insert('ingest.key_store', 'ingest_keys', [
      { key: answer.key, body_sha256: answer.bodySha256, status: answer.status, response: answer.response, created_at: new Date().toISOString() },
    ]);
  }
}
