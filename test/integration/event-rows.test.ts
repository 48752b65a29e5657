import { NdjsonInserter } from '../../src/clickhouse/embedded-insert';
import { sql } from '../../src/clickhouse/sql';
import type { LearningEvent } from '../../src/domain/event';
import { eventRowsNdjson } from '../../src/ingest/event-rows';
import { validateEvent } from '../../src/ingest/validate-event';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent } from '../helpers/events';

/**
 * The ingest path writes only the fields that differ from their column's default
 * (src/ingest/event-rows.ts). Stored, such a row must be exactly the row of the event with all
 * 28 fields written out, which is what the path sent before: same values, same NULLs, same
 * properties, every kind of field and value the validator accepts.
 */
describe('eventRowsNdjson', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await migratedEngine('event_rows');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const inputs: Record<string, unknown>[] = [
    anEvent({ type: 'course.enrolled' }),
    anEvent({ type: 'quiz.completed', score: 0, passed: false }),
    anEvent({ type: 'quiz.completed', score: 99.5, passed: true }),
    anEvent({ type: 'lesson.completed', duration_seconds: 0 }),
    anEvent({ type: 'lesson.completed', duration_seconds: 604_800 }),
    anEvent({ type: 'payment.succeeded', amount: '0', currency: 'eur' }),
    { ...anEvent({ type: 'payment.succeeded', currency: 'USD' }), amount: 1234567890.5678 },
    anEvent({ type: 'payment.succeeded', amount: '049.9000', currency: 'chf', country: 'de' }),
    { type: 'page.viewed', anonymousId: 'anon-1', page: '/q?a="1"&b=\\x\n\t\u00e9\u{1F600}', referrer: 'https://example.org/</script>', platform: 'IOS' },
    { ...anEvent({ type: 'user.logged_in' }), utm_source: 'news"letter', utm_medium: 'e\u0001mail', utm_campaign: '春', utm_term: ' ', utm_content: '\\' },
    anEvent({
      type: 'review.submitted',
      properties: { rating: 5, text: 'great "course"', nested: { a: [1, 'two', null, { b: false }], c: -0 }, big: 1e18, f: 0.1, neg: -5 },
    }),
    anEvent({ type: 'video.progressed', properties: { percent: 25 } }),
    { type: 'custom.thing', userId: 'u:1.x_y-z', sessionId: 's-1', module_id: 'm', lesson_id: 'l', quiz_id: 'q', company_id: 'c', properties: {} },
    { type: 'custom.thing', timestamp: '2026-03-02T12:15:00.123456+02:00', user_id: 'u2', source: 'a-b-1' },
  ];

  it('stores what the full row stores', async () => {
    const now = new Date();
    const events = inputs.map((input, i) => {
      const result = validateEvent(input, { now, strict: false });
      if (!result.ok) throw new Error(`input ${i}: ${JSON.stringify(result.errors)}`);
      return result.event;
    });
    const full = (list: LearningEvent[], receivedAt: string) =>
      Buffer.from(list.map((e) => `${JSON.stringify(e).slice(0, -1)},"received_at":"${receivedAt}"}\n`).join(''));
    const inserter = new NdjsonInserter(engine.db, engine.config.dataDir);
    const settings = { date_time_input_format: 'best_effort' };
    try {
      await inserter.insert('test.full', 'events', full(events, '2026-01-01 00:00:00.000'), settings);
      await inserter.insert('test.sparse', 'events', eventRowsNdjson(events, '2026-01-02 00:00:00.000'), settings);
    } finally {
      inserter.close();
    }
    const rows = async (receivedAt: string) =>
      engine.db.query<Record<string, unknown>>(
        'test.rows',
        sql`SELECT * EXCEPT received_at, toJSONString(properties) AS props FROM ${engine.db.table('events')}
            WHERE received_at = toDateTime64(${receivedAt}, 3, 'UTC') ORDER BY event_id`,
      );
    const before = await rows('2026-01-01 00:00:00.000');
    const after = await rows('2026-01-02 00:00:00.000');
    expect(before).toHaveLength(inputs.length);
    expect(after).toEqual(before);
    // The rows are the body's size, not 28 fields each.
    const sparse = eventRowsNdjson(events, '2026-01-02 00:00:00.000').length;
    expect(sparse).toBeLessThan(full(events, '2026-01-01 00:00:00.000').length * 0.75);
  });
});
