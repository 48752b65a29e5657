import type { LearningEvent } from '../../domain/event';
import type { ClickHouse } from '../client';
import { param, sql } from '../sql';

/** Writes raw events and answers the questions ingest asks about them. */
export class EventsRepository {
  constructor(private readonly db: ClickHouse) {}

  /**
   * Inserts one batch synchronously: the promise resolves only after ClickHouse has written
   * it (and run the materialized views), so the caller may acknowledge it.
   *
   * insert_deduplication_token makes a retried batch a no-op: ClickHouse remembers the token
   * (non_replicated_deduplication_window on `events`) and drops the block. The views'
   * blocks are deduplicated too (deduplicate_blocks_in_dependent_materialized_views), against
   * the window each rollup table keeps, so a retry is not counted again in any rollup.
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
}
