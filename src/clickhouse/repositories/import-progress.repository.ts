import type { ClickHouse } from '../client';
import { param, sql } from '../sql';

/** Where a keyset-paginated read of a source continues: after this (timestamp, id). */
export interface ImportCursor {
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC. */
  timestamp: string;
  id: string;
}

export interface ImportProgressRow {
  source: string;
  runId: string;
  batch: number;
  cursor: ImportCursor;
  /** Totals of this run so far. */
  rowsRead: number;
  eventsInserted: number;
  rowsRejected: number;
}

/** What the PostgreSQL import asks ClickHouse: where a source's import got to, and what is already stored. */
export class ImportProgressRepository {
  constructor(private readonly db: ClickHouse) {}

  /** The cursor after the newest batch recorded for this source, or null when it was never imported. */
  async load(source: string): Promise<ImportCursor | null> {
    // toString keeps the microseconds in the form PostgreSQL compares with (`2024-12-19 10:15:00.123456`).
    const rows = await this.db.query<{ timestamp: string; id: string }>(
      'import.progress.load',
      sql`SELECT toString(last_timestamp) AS timestamp, last_id AS id FROM ${this.db.table('import_progress')}
          WHERE source = ${source} ORDER BY updated_at DESC, batch DESC LIMIT 1`,
    );
    return rows[0] ?? null;
  }

  /** Records one finished batch; the newest row per source is its progress (0011_import_progress.sql). */
  async save(row: ImportProgressRow): Promise<void> {
    await this.db.insert('import.progress.save', 'import_progress', [
      {
        source: row.source,
        run_id: row.runId,
        batch: row.batch,
        last_timestamp: row.cursor.timestamp,
        last_id: row.cursor.id,
        rows_read: row.rowsRead,
        events_inserted: row.eventsInserted,
        rows_rejected: row.rowsRejected,
      },
    ]);
  }

  /**
   * Which of these event ids `events` already holds, looking only at [from, to]: the partition key
   * and the event_id bloom-filter index keep this to the batch's own time range. This is what
   * makes a re-read (lost progress, `--no-resume`, another batch size) add nothing: ingest's own
   * duplicate check only looks back 24 hours, and a backfill is older than that.
   */
  async storedEventIds(eventIds: readonly string[], from: Date, to: Date): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    // The alias must not be `event_id` (see EventsRepository.recentlyReceived).
    const rows = await this.db.query<{ id: string }>(
      'import.stored_ids',
      sql`SELECT toString(event_id) AS id FROM ${this.db.table('events')}
          WHERE timestamp >= ${from} AND timestamp <= ${to}
            AND event_id IN ${param(eventIds, 'Array(UUID)')}`,
    );
    return new Set(rows.map((r) => r.id));
  }
}
