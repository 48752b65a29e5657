import type { LearningEvent } from '../../domain/event';
import type { ClickHouse } from '../client';
import { processFilterFor } from '../recent-ids';
import { param, sql } from '../sql';

/** Writes raw events and answers the questions ingest asks about them. */
export class EventsRepository {
  constructor(private readonly db: ClickHouse) {}

  /**
   * Inserts one batch synchronously (bulk loaders: demo data, the PostgreSQL import): the
   * promise resolves only after ClickHouse has written it (and run the materialized views),
   * then its ids are recorded as received. The HTTP ingest path uses src/ingest/batch-writer.ts.
   *
   * insert_deduplication_token makes a retried batch a no-op: ClickHouse remembers the token
   * (non_replicated_deduplication_window on `events`) and drops the block. The views'
   * blocks are deduplicated too (deduplicate_blocks_in_dependent_materialized_views), against
   * the window each rollup table keeps, so a retry is not counted again in any rollup. The
   * token must name exactly this content: the same token with other rows drops those rows.
   */
  async insert(events: readonly LearningEvent[], deduplicationToken: string): Promise<void> {
    if (events.length === 0) return;
    await this.db.insert('ingest.insert', 'events', events, {
      insert_deduplicate: 1,
      insert_deduplication_token: deduplicationToken,
      deduplicate_blocks_in_dependent_materialized_views: 1,
      // One block per request, whatever its size, so one token covers the whole batch.
      max_insert_block_size: String(Math.max(events.length, 1_048_576)),
      min_insert_block_size_rows: '0',
      min_insert_block_size_bytes: '0',
    });
    await this.recordReceived(
      events.map((e) => e.event_id),
      new Date(),
    );
  }

  /**
   * Marks ids as received: called only once the rows holding them are stored (0031). A key
   * written twice keeps one row (EmbeddedRocksDB), so a repeated call is harmless.
   */
  async recordReceived(eventIds: readonly string[], receivedAt: Date): Promise<void> {
    if (eventIds.length === 0) return;
    const at = receivedAt.toISOString();
    await this.db.insert(
      'ingest.record_ids',
      'event_ids',
      eventIds.map((event_id) => ({ event_id, received_at: at })),
    );
    // The ingest path's in-process filter must know every id recorded in this process.
    const { filter } = processFilterFor(this.db.database);
    for (const id of eventIds) filter.add(id);
  }

  /**
   * Which of these event ids were received within the last `windowSeconds`: point lookups in
   * the `event_ids` key-value table (0010_event_ids.sql), not a scan of `events`.
   */
  async recentlyReceived(eventIds: readonly string[], windowSeconds: number): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    // The alias must not be `event_id`: ClickHouse resolves SELECT aliases in WHERE too, and a
    // String alias named like the UUID column would silently make the IN below match nothing.
    const rows = await this.db.query<{ id: string }>(
      'ingest.recent_ids',
      sql`SELECT toString(event_id) AS id FROM ${this.db.table('event_ids')}
          WHERE event_id IN ${param(eventIds, 'Array(UUID)')}
            AND received_at >= now64(3) - toIntervalSecond(${param(windowSeconds, 'UInt32')})`,
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Every id received within the window (to fill the in-process filter at start). */
  async receivedIds(windowSeconds: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      'ingest.all_recent_ids',
      sql`SELECT toString(event_id) AS id FROM ${this.db.table('event_ids')}
          WHERE received_at >= now64(3) - toIntervalSecond(${param(windowSeconds, 'UInt32')})`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes one batch's ids out of `event_ids` (its insert into `events` failed after they were
   * recorded alongside it). EmbeddedRocksDB applies a lightweight DELETE at once, no mutation to wait for.
   */
  async forgetReceived(eventIds: readonly string[], receivedAt: string): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db.command(
      'ingest.forget_ids',
      sql`DELETE FROM ${this.db.table('event_ids')}
          WHERE event_id IN ${param(eventIds, 'Array(UUID)')} AND received_at = toDateTime64(${receivedAt}, 3, 'UTC')`,
    );
  }

  /**
   * How many rows of one batch are in `events`: the batch's ids with its own received_at (the
   * batch writer stamps every row of a batch with the same instant), so an earlier copy of an
   * id does not count.
   */
  async countBatch(eventIds: readonly string[], receivedAt: string): Promise<number> {
    if (eventIds.length === 0) return 0;
    const rows = await this.db.query<{ n: string }>(
      'ingest.count_batch',
      sql`SELECT count() AS n FROM ${this.db.table('events')}
          WHERE event_id IN ${param(eventIds, 'Array(UUID)')} AND received_at = toDateTime64(${receivedAt}, 3, 'UTC')`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** A one-row write that fails when inserts fail (disk full, read-only): /readyz's probe (0032). */
  async probeWrite(): Promise<void> {
    await this.db.insert('ingest.probe', 'ingest_probe', [{ at: new Date().toISOString() }]);
  }
}
