import type { NdjsonInserter } from '../clickhouse/embedded-insert';
import type { EventsRepository } from '../clickhouse/repositories/events.repository';
import type { EventIdRegistry } from './event-id-registry';
import type { IngestHealth } from './ingest-health';
import type { IngestJournal } from './journal';

/** A batch ready to store: JSONEachRow bytes of validated, new events, all stamped with one received_at. */
export interface Batch {
  batchId: string;
  /** `YYYY-MM-DD hh:mm:ss.sss` (UTC): the received_at of every row, which tells this batch's rows from an earlier copy of an id. */
  receivedAt: string;
  ids: string[];
  bytes: Buffer;
}

/** stored: in `events` and every rollup. completing: partly stored, kept in the journal and completed automatically. */
export type CommitOutcome = 'stored' | 'completing';

/** ClickHouse did not store the batch. `nothing`: checked, no row of it is in `events`; `unknown`: ClickHouse could not even be asked. */
export class BatchNotStoredError extends Error {
  constructor(
    readonly stored: 'nothing' | 'unknown',
    readonly cause: unknown,
  ) {
    super(`batch not stored (${stored})`);
  }
}

/** The insert failed and the batch's ids, recorded alongside it, could not be taken back. */
class IdsNotForgottenError extends Error {
  constructor(
    readonly cause: unknown,
    readonly forgetError: unknown,
  ) {
    super('the insert failed and its event ids could not be taken back');
  }
}

/** The insert never reached ClickHouse (no connection): certainly nothing stored. */
function neverReached(error: unknown): boolean {
  const codes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth += 1) {
    if (typeof e.code === 'string' && codes.has(e.code)) return true;
  }
  return false;
}

/**
 * Settings of the ingest insert, in its own SETTINGS clause (src/clickhouse/embedded-insert.ts).
 * The deduplication token is the batch's own id, never the client's Idempotency-Key: a token
 * names one content, and a client may send other content under the same key (issue 12: ClickHouse
 * dropped such a block as a "retry" while the answer counted it as stored). With the batch id
 * the token only ever drops a replay of the same bytes, which is what the journal relies on.
 * deduplicate_blocks_in_dependent_materialized_views: each rollup drops a replayed block it
 * already has (against its own non_replicated_deduplication_window) and takes one it misses.
 */
function insertSettings(batchId: string) {
  return {
    insert_deduplicate: 1,
    insert_deduplication_token: batchId,
    deduplicate_blocks_in_dependent_materialized_views: 1,
    // The rollup views of `events` run side by side instead of one after another (ClickHouse's
    // default is sequential): an insert's cost is mostly the views' (a fixed ~100 ms per insert
    // whatever its size, measured: two inserts of 2,500 rows cost 1.7x one of 5,000), and with
    // them in parallel a 5,000-event insert took 141 instead of 174 ms (median of 21, load 1).
    parallel_view_processing: 1,
    // Producers send ISO-8601 timestamps ("2026-03-02T10:15:00.000Z").
    date_time_input_format: 'best_effort',
  };
}

/**
 * Stores batches so that after any failure a batch is in `events` and every rollup, or in
 * neither, or on its way there from the journal (issue 12, deliverable 3):
 *
 * 1. the bytes go to the journal; 2. one INSERT into `events` (views fill the rollups);
 * 3. the batch's ids are recorded as received (on the embedded engine alongside 2, and taken
 * back if 2 fails); 4. the journal file is removed.
 *
 * If 2 or 3 fails, `events` is asked whether any row of the batch is there. None: nothing is
 * stored anywhere, the journal file goes, and the caller may say "nothing was stored". (Measured,
 * 2026-12-04, 30 inserts a view refused: with parallel_view_processing either events alone kept
 * the batch or nothing did, never a rollup without events; sequentially, events and the rollups
 * before the refusing view. Only a kill inside events' own commit, after the views committed,
 * left rollups without events, and the journal file is still there then.) Some: the batch is
 * replayed from the journal at once (same token: dropped where it is, written where it is
 * missing); if that fails too it stays in the journal, /readyz reports not ready and the writer
 * completes it before any later batch (and at start, and in `verify-rollups --repair`).
 */
export class BatchWriter {
  private repairing?: Promise<number>;
  /**
   * Batches this process is committing now: in the journal, but not left over. Another
   * request's repair must not replay them (a second insert of a block still being inserted,
   * which ClickHouse's deduplication does not guard against while both run).
   */
  private readonly committing = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly events: EventsRepository,
    private readonly inserter: NdjsonInserter,
    private readonly journal: IngestJournal,
    private readonly registry: EventIdRegistry,
    private readonly health: IngestHealth,
    private readonly retrySeconds = 5,
  ) {}

  async commit(batch: Batch): Promise<CommitOutcome> {
    this.committing.add(batch.batchId);
    try {
      return await this.commitOnce(batch);
    } finally {
      // From here a batch left in the journal is left over: the next repair completes it.
      this.committing.delete(batch.batchId);
    }
  }

  private async commitOnce(batch: Batch): Promise<CommitOutcome> {
    try {
      this.journal.write({ batchId: batch.batchId, bytes: batch.bytes });
    } catch (error) {
      // Not even the journal could be written (disk full?): nothing was sent to ClickHouse.
      this.health.failed(error);
      throw new BatchNotStoredError('nothing', error);
    }
    try {
      await this.store(batch);
      this.journal.remove(batch.batchId);
      this.health.succeeded();
      return 'stored';
    } catch (error) {
      this.health.failed(error);
      if (error instanceof IdsNotForgottenError) {
        // The ids may say "received" while the rows are not stored: the batch stays in the
        // journal and is completed from it, so the ids become true; never "nothing was stored".
        this.scheduleRepair();
        throw new BatchNotStoredError('unknown', error.cause);
      }
      if (neverReached(error)) {
        this.journal.remove(batch.batchId);
        throw new BatchNotStoredError('nothing', error);
      }
      let rows: number;
      try {
        rows = await this.events.countBatch(batch.ids, batch.receivedAt);
      } catch {
        this.scheduleRepair();
        throw new BatchNotStoredError('unknown', error);
      }
      if (rows === 0) {
        this.journal.remove(batch.batchId);
        throw new BatchNotStoredError('nothing', error);
      }
      try {
        await this.store(batch);
        this.journal.remove(batch.batchId);
        this.health.succeeded();
        return 'stored';
      } catch (again) {
        this.health.failed(again);
        this.scheduleRepair();
        return 'completing';
      }
    }
  }

  /**
   * Replays every batch left in the journal (a crash, or a commit that could not complete),
   * oldest first. Resolves with how many were replayed; rejects if ClickHouse still refuses
   * (they stay in the journal). Concurrent calls share one run.
   */
  repair(): Promise<number> {
    this.repairing ??= this.replayAll().finally(() => {
      this.repairing = undefined;
    });
    return this.repairing;
  }

  /** True while batches wait in the journal (a later batch completes them first). */
  get hasPending(): boolean {
    return this.journal.hasPending(this.committing);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async replayAll(): Promise<number> {
    const entries = this.journal.pending(this.committing);
    for (const entry of entries) {
      const lines = entry.bytes
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      const rows = lines.map((l) => JSON.parse(l) as { event_id: string; received_at: string });
      const batch: Batch = { batchId: entry.batchId, receivedAt: rows[0]?.received_at ?? '', ids: rows.map((r) => r.event_id), bytes: entry.bytes };
      try {
        await this.store(batch);
      } catch (error) {
        this.health.failed(error);
        this.scheduleRepair();
        throw error;
      }
      this.journal.remove(entry.batchId);
    }
    if (entries.length > 0) this.health.succeeded();
    return entries.length;
  }

  private async store(batch: Batch): Promise<void> {
    const insert = this.inserter.insert('ingest.insert', 'events', batch.bytes, insertSettings(batch.batchId));
    if (!this.registry.recordsAlongsideInsert) {
      await insert;
      await this.registry.stored(batch.ids, batch.receivedAt);
      return;
    }
    // Both writes at once (the engine runs them side by side); if the insert fails, the record
    // is taken back before anyone is told, so "received" still only ever means "stored".
    const [inserted, recorded] = await Promise.allSettled([insert, this.registry.stored(batch.ids, batch.receivedAt)]);
    if (inserted.status === 'rejected') {
      try {
        await this.registry.forget(batch.ids, batch.receivedAt);
      } catch (error) {
        throw new IdsNotForgottenError(inserted.reason, error);
      }
      throw inserted.reason;
    }
    if (recorded.status === 'rejected') throw recorded.reason;
  }

  /** Retries the journal in the background while ClickHouse refuses writes. */
  private scheduleRepair() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.repair().catch(() => undefined);
    }, this.retrySeconds * 1000);
    this.timer.unref();
  }
}
