/**
 * Run as a child process (the embedded engine binds one data directory per process): opens and
 * migrates DATA_DIR, stores one batch of events dated May 2026 through the ingest batch writer,
 * then writes the batch back into the journal, as a kill -9 after the insert and before the
 * journal file's removal leaves it. Prints one JSON line: the database, the batch's event ids and the data
 * directories of `events` and of every rollup, so a test can take a part away from one of them
 * while no engine runs (the state ClickHouse leaves when it dies between recording a block for
 * deduplication and committing its part; src/clickhouse/deduplication-log-repair.ts).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createClickHouse } from '../../../src/clickhouse/client';
import { migrate } from '../../../src/clickhouse/migrations';
import { sql } from '../../../src/clickhouse/sql';
import { loadConfig } from '../../../src/config/config';
import { acceptedEvent, clickhouseTime, eventRowsNdjson } from '../../../src/ingest/event-rows';
import { IngestRuntime } from '../../../src/ingest/ingest-runtime';
import { validateEvent } from '../../../src/ingest/validate-event';
import { anEvent } from '../events';

async function main() {
  const config = loadConfig();
  const db = createClickHouse(config);
  try {
    await migrate(db);
    const runtime = new IngestRuntime(db, config);
    await runtime.start();
    const receivedAt = clickhouseTime(new Date());
    const types = ['course.enrolled', 'lesson.completed', 'quiz.completed', 'user.logged_in', 'payment.succeeded'];
    const events = Array.from({ length: 60 }, (_, i) => {
      const timestamp = new Date(Date.UTC(2026, 4, 1 + (i % 3), i % 24)).toISOString();
      const result = validateEvent(anEvent({ type: types[i % types.length], user_id: `lie-u${i % 9}`, timestamp }), { now: new Date(), strict: true });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.event;
    });
    const bytes = eventRowsNdjson(
      events.map((e) => acceptedEvent(e, undefined)),
      receivedAt,
    );
    const batch = { batchId: randomUUID(), receivedAt, ids: events.map((e) => e.event_id), bytes };
    if ((await runtime.writer.commit(batch)) !== 'stored') throw new Error('the batch was not stored');
    runtime.journal.write({ batchId: batch.batchId, bytes });
    await runtime.close();
    const tables = await db.query<{ name: string; path: string }>(
      'test.table_paths',
      sql`SELECT name, data_paths[1] AS path FROM system.tables
          WHERE database = ${db.database} AND (name = 'events' OR startsWith(name, 'rollup_')) AND engine LIKE '%MergeTree'`,
    );
    console.log(JSON.stringify({ database: db.database, ids: batch.ids, tables: Object.fromEntries(tables.map((t) => [t.name, t.path])) }));
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error((error as Error).stack);
  process.exit(1);
});
