import { sql } from '../../src/clickhouse/sql';
import { createServices } from '../../src/services';
import { startServer } from '../../src/server/app';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';
import { rollupDifferences } from '../helpers/rollups';

/**
 * Issue 12, deliverables 1 and 2, as regression tests of the cases measured on the old path:
 * a key reused with another body lost events that were answered 200, and a re-sent body
 * without ids was answered `duplicates: 0` twice.
 */
describe('idempotency keys bound to the body, ids received only when stored', () => {
  let engine: TestEngine;
  let t: TestServer;

  beforeAll(async () => {
    engine = await migratedEngine('idem_keys');
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const stored = async (eventId: string) =>
    Number(
      (await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')} WHERE event_id = toUUID(${eventId})`))[0].n,
    );

  it('refuses the same key with another body (422, nothing stored), and a later resend under a new key stores what was missing', async () => {
    const e1 = anEvent({ user_id: 'key-reuse' });
    const e2 = anEvent({ user_id: 'key-reuse', type: 'lesson.completed' });
    const first = await t.postEvents(toNdjson([e1]), { 'idempotency-key': 'K' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ accepted: 1, duplicates: 0 });

    const reused = await t.postEvents(toNdjson([e1, e2]), { 'idempotency-key': 'K' });
    expect(reused.status).toBe(422);
    expect(reused.json.error).toMatch(/Idempotency-Key "K" was first used at .* with a different body; nothing was stored/);
    expect(await stored(e2.event_id!)).toBe(0);

    // The old path recorded e2's id from the dropped block: this resend answered "duplicate" and stored nothing.
    const resent = await t.postEvents(toNdjson([e1, e2]), { 'idempotency-key': 'K2' });
    expect(resent.status).toBe(200);
    expect(resent.json).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await stored(e1.event_id!)).toBe(1);
    expect(await stored(e2.event_id!)).toBe(1);
    expect(await rollupDifferences(engine.db)).toEqual([]);
  });

  it('replays the stored answer to a true retry, marked Idempotent-Replayed, also after a restart', async () => {
    const body = toNdjson([anEvent({ user_id: 'replay' }), { type: 'course.enrolled' }]);
    const first = await t.postEvents(body, { 'idempotency-key': 'replay-1' });
    expect(first.json).toMatchObject({ accepted: 1, rejected: 1, duplicates: 0 });
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await t.postEvents(body, { 'idempotency-key': 'replay-1' });
    expect(retry.status).toBe(first.status);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    // A new process (new services, same database) still knows the key: it is stored, not held in memory.
    const other = await startServer(createServices(engine.db, engine.config), 0);
    try {
      const res = await fetch(`${other.url.replace('/graphql', '')}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${t.adminToken}`, 'idempotency-key': 'replay-1' },
        body,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('idempotent-replayed')).toBe('true');
      expect(await res.json()).toEqual(first.json);
    } finally {
      await other.stop();
    }
  });

  it('counts a re-sent body without key and without event ids as duplicates, and stores it once', async () => {
    const noIds = [anEvent({ user_id: 'resend' }), anEvent({ user_id: 'resend', type: 'user.logged_in' })].map((e) => ({ ...e, event_id: undefined }));
    const body = toNdjson(noIds);
    const first = await t.postEvents(body);
    expect(first.json).toMatchObject({ accepted: 2, duplicates: 0 });
    const second = await t.postEvents(body);
    expect(second.json).toMatchObject({ accepted: 2, duplicates: 2 });
    const rows = await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')} WHERE user_id = 'resend'`);
    expect(Number(rows[0].n)).toBe(2);
  });

  it('refuses a reused key in the mutation with IDEMPOTENCY_KEY_REUSED', async () => {
    const mutation = (userId: string) =>
      `mutation { ingestEvents(idempotencyKey: "gql-key", events: [{ type: "user.logged_in", userId: "${userId}" }]) { accepted duplicates } }`;
    const first = await t.graphql(mutation('gql-a'));
    expect(first.errors).toBeUndefined();
    const replay = await t.graphql(mutation('gql-a'));
    expect(replay.data).toEqual(first.data);
    const reused = await t.graphql(mutation('gql-b'));
    expect(reused.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('no longer records ids by a view on events: only the ingest path writes event_ids, after the rows are stored', async () => {
    const views = await engine.db.query<{ name: string }>(
      'test.views',
      sql`SELECT name FROM system.tables WHERE database = ${engine.db.database} AND name = 'mv_event_ids'`,
    );
    expect(views).toEqual([]);
  });
});
