import { NdjsonInserter } from '../../src/clickhouse/embedded-insert';
import { sql } from '../../src/clickhouse/sql';
import type { LearningEvent } from '../../src/domain/event';
import { acceptedEvent, eventRowsNdjson, storableLine } from '../../src/ingest/event-rows';
import { parseBody } from '../../src/ingest/parse-body';
import { validateEvent } from '../../src/ingest/validate-event';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, parsedValue } from '../helpers/events';

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

  /** Stores each body as one ingest insert would (its rows tell themselves apart by their received_at). */
  async function insert(...bodies: Buffer[]): Promise<void> {
    const inserter = new NdjsonInserter(engine.db, engine.config.dataDir);
    try {
      for (const body of bodies) await inserter.insert('test.rows', 'events', body, { date_time_input_format: 'best_effort' });
    } finally {
      inserter.close();
    }
  }

  /** The rows stored with this received_at, properties as JSON text. */
  const storedRows = (receivedAt: string) =>
    engine.db.query<Record<string, unknown>>(
      'test.rows',
      sql`SELECT * EXCEPT received_at, toJSONString(properties) AS props FROM ${engine.db.table('events')}
          WHERE received_at = toDateTime64(${receivedAt}, 3, 'UTC') ORDER BY event_id`,
    );

  /** The rows eventRowsNdjson writes from the events themselves (no line kept as sent). */
  const writtenRows = (events: readonly LearningEvent[], receivedAt: string) =>
    eventRowsNdjson(
      events.map((event) => acceptedEvent(event, undefined)),
      receivedAt,
    );

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
    await insert(full(events, '2026-01-01 00:00:00.000'), writtenRows(events, '2026-01-02 00:00:00.000'));
    const before = await storedRows('2026-01-01 00:00:00.000');
    const after = await storedRows('2026-01-02 00:00:00.000');
    expect(before).toHaveLength(inputs.length);
    expect(after).toEqual(before);
    // The rows are the body's size, not 28 fields each.
    const sparse = writtenRows(events, '2026-01-02 00:00:00.000').length;
    expect(sparse).toBeLessThan(full(events, '2026-01-01 00:00:00.000').length * 0.75);
  });

  // Lines a producer sends in the stored form already, every kind of field, default values
  // written out, nulls where a column is Nullable, free text with escapes and non-ASCII.
  const canonical: Record<string, unknown>[] = [
    anEvent({ type: 'course.enrolled', company_id: 'c-1' }),
    anEvent({ type: 'quiz.completed', score: 0, passed: false }),
    anEvent({ type: 'quiz.completed', score: 99.5, passed: true }),
    anEvent({ type: 'page.viewed', user_id: '', anonymous_id: 'anon-1', session_id: '' }),
    anEvent({ type: 'lesson.completed', duration_seconds: 0 }),
    anEvent({ type: 'payment.succeeded', amount: '49.9', currency: 'EUR', country: 'DE' }),
    { ...anEvent({ type: 'user.logged_in' }), score: null, passed: null, amount: null, properties: {} },
    anEvent({ type: 'page.viewed', page: '/q?a="1"&b=\\x\n\t\u00e9\u{1F600}', referrer: 'https://example.org/</script>', platform: 'ios' }),
    { ...anEvent({ type: 'user.logged_in' }), utm_source: 'news"letter', utm_medium: 'e\u0001mail', utm_campaign: '春', utm_term: ' ', utm_content: '\\' },
    anEvent({
      type: 'review.submitted',
      properties: { rating: 5, text: 'great "course"', nested: { a: [1, 'two', null, { b: false }] }, big: 1e18, f: 0.1, neg: -5 },
    }),
    anEvent({ type: 'video.progressed', properties: { percent: 25 } }),
  ];

  it('stores a line kept as sent exactly as the row written for its event', async () => {
    const now = new Date();
    const parsed = parseBody(Buffer.from(canonical.map((e) => JSON.stringify(e)).join('\n')), 'application/x-ndjson');
    if ('fatal' in parsed) throw new Error(parsed.fatal.message);
    const accepted = parsed.records.map((record, i) => {
      const value = parsedValue(record);
      const result = validateEvent(value, { now, strict: false });
      if (!result.ok) throw new Error(`line ${i + 1}: ${JSON.stringify(result.errors)}`);
      return { event: result.event, accepted: acceptedEvent(result.event, storableLine(record.text, value, result.event)) };
    });
    // Every one of them is kept as sent: the test compares the two forms, not one with itself.
    expect(accepted.filter((a) => !('line' in a.accepted))).toEqual([]);
    await insert(
      writtenRows(
        accepted.map(({ event }) => event),
        '2026-01-03 00:00:00.000',
      ),
      eventRowsNdjson(
        accepted.map((a) => a.accepted),
        '2026-01-04 00:00:00.000',
      ),
    );
    const written = await storedRows('2026-01-03 00:00:00.000');
    expect(written).toHaveLength(canonical.length);
    expect(await storedRows('2026-01-04 00:00:00.000')).toEqual(written);
    // Dynamic types inside properties too (an integer stays an Int64, 0.1 a Float64), which the
    // JSON text above does not show.
    const types = (receivedAt: string) =>
      engine.db.query<{ big: string; f: string }>(
        'test.types',
        sql`SELECT dynamicType(properties.big) AS big, dynamicType(properties.f) AS f FROM ${engine.db.table('events')}
            WHERE type = 'review.submitted' AND received_at = toDateTime64(${receivedAt}, 3, 'UTC')`,
      );
    const writtenTypes = await types('2026-01-03 00:00:00.000');
    expect(writtenTypes).toHaveLength(1);
    expect(await types('2026-01-04 00:00:00.000')).toEqual(writtenTypes);
  });
});
