import { sql } from '../../src/clickhouse/sql';
import { EventsRepository } from '../../src/clickhouse/repositories/events.repository';
import { validateEvent } from '../../src/ingest/validate-event';
import { CATALOGUE_TYPES } from '../../src/domain/event';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent } from '../helpers/events';
import { rollupDifferences, storeTotals } from '../helpers/rollups';

/**
 * The ClickHouse half of idempotency, without the event_id check in front: the same block
 * inserted again with the same deduplication token must be dropped by `events` AND by every
 * rollup's materialized view (each rollup table keeps its own dedup window).
 */
describe('insert deduplication token', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await migratedEngine('dedup');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('drops a re-inserted batch from the events table and from every rollup', async () => {
    const now = new Date();
    const batch = CATALOGUE_TYPES.map((type) => {
      const result = validateEvent(
        anEvent({ type, company_id: 'company-01', session_id: 's-1', utm_source: 'news', anonymous_id: 'a-1', page: '/courses/course-001' }),
        { now, strict: true },
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.event;
    });
    const repo = new EventsRepository(engine.db);
    await repo.insert(batch, 'same-token');
    const once = await storeTotals(engine.db);
    expect(once.events).toBe(batch.length);
    await repo.insert(batch, 'same-token');
    await repo.insert(batch, 'same-token');
    expect(await storeTotals(engine.db)).toEqual(once);
    // A different token is a different request: stored again (event_id dedup happens before, in the service).
    await repo.insert(batch, 'other-token');
    expect((await storeTotals(engine.db)).events).toBe(2 * batch.length);
    expect(await rollupDifferences(engine.db)).toEqual([]);
  });

  it('does not carry a deduplication token over to the next insert (the embedded engine keeps session settings)', async () => {
    const now = new Date();
    const event = (user: string) => {
      const result = validateEvent(anEvent({ user_id: user }), { now, strict: true });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.event;
    };
    const repo = new EventsRepository(engine.db);
    await repo.insert([event('leak-1')], 'leak-token');
    await engine.db.insert('test.plain_insert', 'events', [event('leak-2')]);
    const rows = await engine.db.query<{ n: string }>(
      'test.count',
      sql`SELECT count() AS n FROM ${engine.db.table('events')} WHERE user_id IN ('leak-1', 'leak-2')`,
    );
    expect(Number(rows[0].n)).toBe(2);
  });
});
