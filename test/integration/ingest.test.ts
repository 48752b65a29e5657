import { gzipSync } from 'node:zlib';
import { sql } from '../../src/clickhouse/sql';
import { CATALOGUE_TYPES } from '../../src/domain/event';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';
import { rollupDifferences, storeTotals } from '../helpers/rollups';

describe('POST /v1/events and ingestEvents on the embedded engine', () => {
  let engine: TestEngine;
  let t: TestServer;

  beforeAll(async () => {
    engine = await migratedEngine('ingest', { ingestMaxBodyBytes: 1024 * 1024 });
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const count = async (where = sql`1`) =>
    Number((await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')} WHERE ${where}`))[0].n);

  it('stores a valid event of every catalogue type', async () => {
    const events = CATALOGUE_TYPES.map((type) => anEvent({ type, user_id: 'every-type' }));
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: events.length, rejected: 0, errors: [] });
    expect(res.status).toBe(200);
    expect(await count(sql`user_id = 'every-type'`)).toBe(events.length);
  });

  it('stores the valid lines, reports the invalid ones by line and field', async () => {
    const good = anEvent({ user_id: 'mixed' });
    const body = [
      JSON.stringify(good),
      '{"type": "course.enrolled", broken',
      JSON.stringify(anEvent({ user_id: 'mixed', type: 'quiz.completed', score: 140 })),
    ].join('\n');
    const res = await t.postEvents(body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: 1, rejected: 2 });
    const errors = res.json.errors as { line: number; field: string }[];
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, ''],
      [3, 'score'],
    ]);
    expect(await count(sql`user_id = 'mixed'`)).toBe(1);
  });

  it('answers 400 when nothing was valid, and stores nothing in all-or-nothing mode', async () => {
    const none = await t.postEvents(toNdjson([{ type: 'course.enrolled' }]));
    expect(none.status).toBe(400);
    const body = toNdjson([anEvent({ user_id: 'aon' }), { type: 'lesson.completed', user_id: 'aon' }]);
    const res = await t.postEvents(body, {}, '?mode=all-or-nothing');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ accepted: 0, rejected: 2 });
    expect(await count(sql`user_id = 'aon'`)).toBe(0);
  });

  it('accepts a JSON array and gzip bodies', async () => {
    const events = [anEvent({ user_id: 'gz' }), anEvent({ user_id: 'gz' })];
    const res = await t.postEvents(gzipSync(JSON.stringify(events)), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.json).toMatchObject({ accepted: 2 });
    expect(await count(sql`user_id = 'gz'`)).toBe(2);
  });

  it('adds nothing to events or any rollup when the same request is retried with the same key', async () => {
    const batch = toNdjson([
      anEvent({ type: 'user.registered', user_id: 'retry-1', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring', session_id: 's-1' }),
      anEvent({ type: 'course.enrolled', user_id: 'retry-1', company_id: 'company-01' }),
      anEvent({ type: 'lesson.completed', user_id: 'retry-1', company_id: 'company-01' }),
      anEvent({ type: 'payment.succeeded', user_id: 'retry-1', amount: '10.5', currency: 'EUR' }),
      // No event_id: only the request key can recognise its retry.
      { ...anEvent({ type: 'page.viewed', anonymous_id: 'anon-1', user_id: undefined }), event_id: undefined },
    ]);
    const first = await t.postEvents(batch, { 'idempotency-key': 'batch-42' });
    expect(first.json).toMatchObject({ accepted: 5, duplicates: 0 });
    const after = await storeTotals(engine.db);
    for (let i = 0; i < 2; i++) {
      const again = await t.postEvents(batch, { 'idempotency-key': 'batch-42' });
      expect(again.status).toBe(200);
      expect(await storeTotals(engine.db)).toEqual(after);
    }
    expect(await rollupDifferences(engine.db)).toEqual([]);
  });

  it('counts an event_id once when it arrives again in a different request', async () => {
    const event = anEvent({ type: 'course.completed', user_id: 'dup-across', course_id: 'course-dup' });
    await t.postEvents(toNdjson([event]), { 'idempotency-key': 'one' });
    const second = await t.postEvents(toNdjson([event, anEvent({ user_id: 'dup-across', course_id: 'course-dup' })]), { 'idempotency-key': 'two' });
    expect(second.json).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await count(sql`user_id = 'dup-across'`)).toBe(2);
    const completions = await engine.db.query<{ n: string }>(
      'test.completions',
      sql`SELECT countMerge(completions) AS n FROM ${engine.db.table('rollup_course_engagement')} WHERE course_id = 'course-dup'`,
    );
    expect(Number(completions[0].n)).toBe(1);
  });

  it('drops duplicates inside one request and warns about server-assigned ids', async () => {
    const event = anEvent({ user_id: 'dup-inside' });
    const res = await t.postEvents(toNdjson([event, event, { ...anEvent({ user_id: 'dup-inside' }), event_id: undefined }]));
    expect(res.json).toMatchObject({ accepted: 3, duplicates: 1 });
    expect((res.json.warnings as string[])[0]).toMatch(/no event_id: the server derived one from the body and the line/);
    expect(await count(sql`user_id = 'dup-inside'`)).toBe(2);
  });

  it('answers 413 over the body limit, counted after gzip decompression', async () => {
    const big = toNdjson(Array.from({ length: 4000 }, () => anEvent({ user_id: 'too-big', properties: { pad: 'x'.repeat(300) } })));
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const plain = await t.postEvents(big);
    expect(plain.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const res = await t.postEvents(bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatch(/larger than the limit/);
    expect(await count(sql`user_id = 'too-big'`)).toBe(0);
  });

  it('ingestEvents stores through the same path and returns the same shape', async () => {
    const res = await t.graphql<{ ingestEvents: Record<string, unknown> }>(
      `mutation($events: [EventInput!]!) { ingestEvents(events: $events, idempotencyKey: "m-1") { accepted rejected duplicates errors { line field message } warnings } }`,
      {
        events: [
          {
            eventId: '5f0c6f1e-8a43-4b7e-9d2a-0c1e5b7a9f10',
            type: 'quiz.completed',
            timestamp: '2026-03-02T11:00:00Z',
            userId: 'gql',
            quizId: 'q1',
            score: 91,
            passed: true,
            properties: { attempt: 2 },
          },
          { type: 'course.enrolled', userId: 'gql' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.ingestEvents).toMatchObject({ accepted: 1, rejected: 1, errors: [{ line: 2, field: 'course_id' }] });
    expect(await count(sql`user_id = 'gql'`)).toBe(1);
  });
});
