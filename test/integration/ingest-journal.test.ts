import { randomUUID } from 'node:crypto';
import { identifier, param, sql } from '../../src/clickhouse/sql';
import { acceptedEvent, clickhouseTime, eventRowsNdjson } from '../../src/ingest/event-rows';
import { IngestRuntime } from '../../src/ingest/ingest-runtime';
import { validateEvent } from '../../src/ingest/validate-event';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent } from '../helpers/events';
import { rollupDifferences, storeTotals } from '../helpers/rollups';

/**
 * The journal replay that start-up and `verify-rollups --repair` run (issue 12, deliverable 3),
 * on the state a kill -9 between ClickHouse's commits leaves: the batch in `events` and some
 * rollups, missing from another. The replay uses the batch's own token, so the tables that have
 * it drop the block and the one that misses it gets it.
 */
describe('ingest journal replay', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await migratedEngine('journal');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  // The rows as the ingest writes them (src/ingest/event-rows.ts).
  const batchBytes = (receivedAt: string) => {
    const events = Array.from({ length: 50 }, (_, i) => {
      const result = validateEvent(anEvent({ user_id: `j-${i % 7}`, type: i % 2 ? 'lesson.completed' : 'course.enrolled' }), { now: new Date(), strict: true });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return acceptedEvent(result.event, undefined);
    });
    return eventRowsNdjson(events, receivedAt);
  };

  it('completes a batch that reached events but not every rollup, and counts nothing twice', async () => {
    const runtime = new IngestRuntime(engine.db, engine.config);
    const batchId = randomUUID();
    // received_at is now: the ids then fall within the dedup window.
    const bytes = batchBytes(clickhouseTime(new Date()));
    const settings = {
      insert_deduplicate: 1,
      insert_deduplication_token: batchId,
      deduplicate_blocks_in_dependent_materialized_views: 1,
      date_time_input_format: 'best_effort',
    };
    // One rollup's view is away while the batch goes in: the state a crash between commits leaves.
    const view = identifier(`${engine.db.database}.mv_rollup_event_counts`);
    await engine.db.command('test.detach', sql`DETACH TABLE ${view}`);
    await runtime.inserter.insert('test.partial', 'events', bytes, settings);
    await engine.db.command('test.attach', sql`ATTACH TABLE ${view}`);
    expect((await rollupDifferences(engine.db)).length).toBeGreaterThan(0);

    runtime.journal.write({ batchId, bytes });
    expect(await runtime.start()).toBe(1);
    expect(await rollupDifferences(engine.db)).toEqual([]);
    const once = await storeTotals(engine.db);
    expect(once.events).toBe(50);

    // A second replay of the same batch (a crash after the insert, before the file was removed) changes nothing.
    runtime.journal.write({ batchId, bytes });
    expect(await runtime.writer.repair()).toBe(1);
    expect(await storeTotals(engine.db)).toEqual(once);
    expect(runtime.journal.pending()).toEqual([]);
    // Its ids are received now: the batch's events are duplicates from here on.
    const ids = bytes
      .toString()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event_id: string }).event_id);
    expect((await runtime.registry.claim(ids)).size).toBe(ids.length);
    await runtime.close();
  });

  it('an insert that fails leaves none of its ids received, though they were recorded alongside it', async () => {
    const runtime = new IngestRuntime(engine.db, engine.config);
    await runtime.start();
    // On the embedded engine the ids go into event_ids while the events insert runs.
    expect(runtime.registry.recordsAlongsideInsert).toBe(true);
    const events = identifier(`${engine.db.database}.events`);
    // A constraint the batch breaks: ClickHouse refuses the whole insert, nothing of it is stored.
    await engine.db.command('test.constraint', sql`ALTER TABLE ${events} ADD CONSTRAINT refuse_batch CHECK user_id != 'j-3'`);
    const receivedAt = clickhouseTime(new Date());
    const bytes = batchBytes(receivedAt);
    const ids = bytes
      .toString()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event_id: string }).event_id);
    const before = await storeTotals(engine.db);
    try {
      await expect(runtime.writer.commit({ batchId: randomUUID(), receivedAt, ids, bytes })).rejects.toMatchObject({ stored: 'nothing' });
    } finally {
      await engine.db.command('test.constraint', sql`ALTER TABLE ${events} DROP CONSTRAINT refuse_batch`);
    }
    expect(await storeTotals(engine.db)).toEqual(before);
    const recorded = await engine.db.query<{ n: string }>(
      'test.ids',
      sql`SELECT count() AS n FROM ${identifier(`${engine.db.database}.event_ids`)} WHERE event_id IN ${param(ids, 'Array(UUID)')}`,
    );
    expect(Number(recorded[0]!.n)).toBe(0);
    expect((await runtime.registry.claim(ids)).size).toBe(0);
    expect(runtime.journal.pending()).toEqual([]);

    // The retry is stored, and from then on the ids are received.
    await expect(runtime.writer.commit({ batchId: randomUUID(), receivedAt, ids, bytes })).resolves.toBe('stored');
    expect((await runtime.registry.claim(ids)).size).toBe(ids.length);
    expect(await rollupDifferences(engine.db)).toEqual([]);
    await runtime.close();
  });

  it('never replays a batch another request is still committing', async () => {
    const runtime = new IngestRuntime(engine.db, engine.config);
    await runtime.start();
    const before = await storeTotals(engine.db);
    const receivedAt = clickhouseTime(new Date());
    const bytes = batchBytes(receivedAt);
    const ids = bytes
      .toString()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event_id: string }).event_id);
    // The commit writes its journal file before its first await: from here the batch is in flight.
    const inFlight = runtime.writer.commit({ batchId: randomUUID(), receivedAt, ids, bytes });
    // Awaited below; a rejection must fail this test, not the worker (it is observed late).
    inFlight.catch(() => undefined);
    expect(runtime.journal.pending()).toHaveLength(1);
    // What the next request asks before its own batch: nothing is left over, nothing is replayed.
    expect(runtime.writer.hasPending).toBe(false);
    expect(await runtime.writer.repair()).toBe(0);
    await expect(inFlight).resolves.toBe('stored');
    expect(runtime.journal.pending()).toEqual([]);
    expect((await storeTotals(engine.db)).events).toBe(Number(before.events) + 50);
    expect(await rollupDifferences(engine.db)).toEqual([]);
    await runtime.close();
  });
});
