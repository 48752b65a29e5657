import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

type Row = { bucket: string | null; start: string | null; group: string[]; value: number };

describe('eventMetrics (hand-built events, raw events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('event_metrics');
    t = await startTestServer(engine);
    const review = (user_id: string, course_id: string, rating: number, timestamp: string, company_id: string, platform: string) =>
      anEvent({ type: 'review.submitted', user_id, course_id, timestamp, company_id, platform, source: 'feedback', properties: { rating } });
    const view = (user_id: string | undefined, product: unknown, timestamp = '2026-03-02T10:00:00Z') => ({
      ...anEvent({
        type: 'product.viewed',
        source: 'web',
        anonymous_id: 'a1',
        timestamp,
        properties: product === undefined ? { other: 1 } : { product: { id: product } },
      }),
      user_id,
    });
    const checkout = (price: unknown) => anEvent({ type: 'cart.checked_out', source: 'web', properties: price === undefined ? {} : { price } });
    const pay = (amount: string, currency: string, timestamp: string) => anEvent({ type: 'payment.succeeded', source: 'billing', amount, currency, timestamp });
    const events = [
      review('u1', 'course-A', 5, '2026-03-02T10:00:00Z', 'c1', 'web'),
      review('u2', 'course-A', 3, '2026-03-02T11:00:00Z', 'c1', 'ios'),
      review('u1', 'course-B', 4, '2026-03-03T10:00:00Z', 'c2', 'web'),
      // 23:30 UTC on 03-03 is 18:30 the same day in New York but 00:30 on 03-04 in Lagos (UTC+1).
      review('u3', 'course-B', 2, '2026-03-03T23:30:00Z', 'c2', 'web'),
      view('u1', 'p1'),
      view('u1', 'p1'),
      view('u1', 'p1'),
      view('u2', 'p1', '2026-03-03T10:00:00Z'),
      view('u1', 'p2'),
      view('u1', 'p2'),
      view(undefined, 'p3'),
      view('u4', 42),
      view('u4', undefined),
      checkout(12.5),
      checkout('7.5'),
      checkout('abc'),
      checkout(undefined),
      pay('0.1', 'USD', '2026-03-02T10:00:00Z'),
      pay('0.2', 'USD', '2026-03-02T11:00:00Z'),
      pay('49.9', 'USD', '2026-03-03T10:00:00Z'),
      pay('100', 'EUR', '2026-03-03T11:00:00Z'),
      anEvent({ type: 'practice_session.completed', duration_seconds: 600, score: 70 }),
      anEvent({ type: 'practice_session.completed', duration_seconds: 300, score: 95 }),
      // Outside the period.
      review('u9', 'course-A', 1, '2026-03-04T10:00:00Z', 'c1', 'web'),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const PERIOD = 'period: { from: "2026-03-01", to: "2026-03-04" }';
  const metrics = async (args: string) => {
    const res = await t.graphql<{ eventMetrics: Row[] }>(`{ eventMetrics(${args}) { bucket start group value } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.eventMetrics;
  };
  const short = async (args: string) => (await metrics(args)).map((r) => [r.bucket, ...r.group, r.value].filter((x) => x !== null).join(' '));
  const badInput = async (args: string) => {
    const res = await t.graphql(`{ eventMetrics(${args}) { value } }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return { message: res.errors![0].message, argumentName: res.errors![0].extensions!.argumentName };
  };

  it('counts events of a type: one row, no bucket, no group', async () => {
    expect(await metrics(`eventType: "review.submitted", ${PERIOD}`)).toEqual([{ bucket: null, start: null, group: [], value: 4 }]);
    expect(await metrics(`eventType: "never.happened", ${PERIOD}`)).toEqual([]);
  });

  it('averages a properties path per course ("average rating per course")', async () => {
    expect(await short(`eventType: "review.submitted", ${PERIOD}, measure: AVG, property: "properties.rating", groupBy: ["course_id"]`)).toEqual([
      'course-A 4',
      'course-B 3',
    ]);
  });

  it('groups by a nested properties path ("views per product"), counts and unique users', async () => {
    // Ties are ordered by group value; a missing property groups as ''; a number as its text.
    expect(await short(`eventType: "product.viewed", ${PERIOD}, groupBy: ["properties.product.id"]`)).toEqual(['p1 4', 'p2 2', ' 1', '42 1', 'p3 1']);
    expect(await short(`eventType: "product.viewed", ${PERIOD}, measure: UNIQUE_USERS, groupBy: ["properties.product.id"]`)).toEqual([
      'p1 2',
      ' 1',
      '42 1',
      'p2 1',
      'p3 0',
    ]);
    expect(await short(`eventType: "product.viewed", ${PERIOD}, groupBy: ["properties.product.id"], limit: 2`)).toEqual(['p1 4', 'p2 2']);
  });

  it('sums amounts per day and currency ("revenue per day"), exactly before the float conversion', async () => {
    const rows = await metrics(`eventType: "payment.succeeded", ${PERIOD}, measure: SUM, property: "amount", groupBy: ["currency"], granularity: DAY`);
    expect(rows).toEqual([
      { bucket: '2026-03-02', start: '2026-03-02T00:00:00.000Z', group: ['USD'], value: 0.3 },
      { bucket: '2026-03-03', start: '2026-03-03T00:00:00.000Z', group: ['EUR'], value: 100 },
      { bucket: '2026-03-03', start: '2026-03-03T00:00:00.000Z', group: ['USD'], value: 49.9 },
    ]);
  });

  it('sums and averages numeric envelope columns and numeric properties, skipping non-numbers', async () => {
    expect(await short(`eventType: "practice_session.completed", ${PERIOD}, measure: SUM, property: "duration_seconds"`)).toEqual(['900']);
    expect(await short(`eventType: "practice_session.completed", ${PERIOD}, measure: AVG, property: "score"`)).toEqual(['82.5']);
    // 12.5 and "7.5" count; "abc" and a missing price do not.
    expect(await short(`eventType: "cart.checked_out", ${PERIOD}, measure: SUM, property: "properties.price"`)).toEqual(['20']);
    expect(await short(`eventType: "cart.checked_out", ${PERIOD}, measure: AVG, property: "properties.price"`)).toEqual(['10']);
    expect(await short(`eventType: "cart.checked_out", ${PERIOD}, measure: AVG, property: "properties.nothing"`)).toEqual([]);
  });

  it('groups by several fields in groupBy order', async () => {
    expect(await short(`eventType: "review.submitted", ${PERIOD}, groupBy: ["course_id", "platform"]`)).toEqual([
      'course-B web 2',
      'course-A ios 1',
      'course-A web 1',
    ]);
    expect(await short(`eventType: "review.submitted", ${PERIOD}, groupBy: ["platform", "course_id", "company_id"]`)).toEqual([
      'web course-B c2 2',
      'ios course-A c1 1',
      'web course-A c1 1',
    ]);
  });

  it('cuts buckets in the period timezone', async () => {
    const ny = await metrics(`eventType: "review.submitted", period: { from: "2026-03-01", to: "2026-03-04", timezone: "America/New_York" }, granularity: DAY`);
    expect(ny).toEqual([
      { bucket: '2026-03-02', start: '2026-03-02T05:00:00.000Z', group: [], value: 2 },
      { bucket: '2026-03-03', start: '2026-03-03T05:00:00.000Z', group: [], value: 2 },
    ]);
    expect(await short(`eventType: "review.submitted", period: { from: "2026-03-01", to: "2026-03-04", timezone: "Africa/Lagos" }, granularity: DAY`)).toEqual([
      '2026-03-02 2',
      '2026-03-03 1',
    ]);
    expect(await short(`eventType: "review.submitted", ${PERIOD}, granularity: HOUR`)).toEqual([
      '2026-03-02T10:00 1',
      '2026-03-02T11:00 1',
      '2026-03-03T10:00 1',
      '2026-03-03T23:00 1',
    ]);
  });

  it('filters by company', async () => {
    expect(await short(`eventType: "review.submitted", ${PERIOD}, companyId: "c1", groupBy: ["course_id"]`)).toEqual(['course-A 2']);
  });

  it('treats SQL metacharacters as plain values or rejects them, never runs them', async () => {
    const sent: { query: string; params: Record<string, unknown> }[] = [];
    const stop = engine.db.onQuery((e) => sent.push(e));
    for (const evil of ["' OR 1=1 --", '`events`', '{p1:String}', "properties.a'); DROP"]) {
      const s = JSON.stringify(evil);
      expect(await metrics(`eventType: "review.submitted", ${PERIOD}, companyId: ${s}`)).toEqual([]);
      expect(await badInput(`eventType: ${s}, ${PERIOD}`)).toMatchObject({ argumentName: 'eventType' });
      expect(await badInput(`eventType: "review.submitted", ${PERIOD}, measure: SUM, property: ${s}`)).toMatchObject({ argumentName: 'property' });
      expect(await badInput(`eventType: "review.submitted", ${PERIOD}, groupBy: ["course_id", ${s}]`)).toMatchObject({ argumentName: 'groupBy[1]' });
    }
    stop();
    // The values that reached ClickHouse went out as bound parameters, never as query text.
    expect(sent.filter((e) => /OR 1=1|`|DROP/.test(e.query))).toEqual([]);
    expect(sent.some((e) => Object.values(e.params).includes('{p1:String}'))).toBe(true);
    expect(await short(`eventType: "review.submitted", ${PERIOD}`)).toEqual(['4']);
  });

  it('rejects bad arguments before querying, naming the argument', async () => {
    const E = `eventType: "review.submitted", ${PERIOD}`;
    const cases: [string, string, RegExp][] = [
      [`eventType: "review", ${PERIOD}`, 'eventType', /dot\.case/],
      [`eventType: "Review.Submitted", ${PERIOD}`, 'eventType', /dot\.case/],
      [`${E}, measure: SUM`, 'property', /SUM needs a property/],
      [`${E}, measure: AVG`, 'property', /AVG needs a property/],
      [`${E}, property: "score"`, 'property', /only used by SUM and AVG/],
      [`${E}, measure: SUM, property: "user_id"`, 'property', /must be duration_seconds, score, amount/],
      [`${E}, measure: SUM, property: "properties"`, 'property', /properties path/],
      [`${E}, measure: SUM, property: "properties.a.b.c.d.e.f"`, 'property', /1 to 5 keys/],
      [`${E}, groupBy: ["user_id"]`, 'groupBy[0]', /must be one of course_id/],
      [`${E}, groupBy: ["properties.1abc"]`, 'groupBy[0]', /properties path/],
      [`${E}, groupBy: ["course_id", "course_id"]`, 'groupBy[1]', /repeats/],
      [`${E}, groupBy: ["course_id", "platform", "country", "page"]`, 'groupBy', /at most 3/],
      [`${E}, limit: 0`, 'limit', /between 1 and 1000/],
      [`${E}, limit: 1001`, 'limit', /between 1 and 1000/],
      [`eventType: "review.submitted", period: { from: "2026-01-01", to: "2026-03-01" }, granularity: HOUR`, 'period', /31-day limit at HOUR/],
      [`eventType: "review.submitted", period: { from: "2024-01-01", to: "2026-03-01" }`, 'period', /400-day limit/],
      [`eventType: "review.submitted", period: { from: "2026-03-04", to: "2026-03-01" }`, 'period', /must be before/],
      [`eventType: "review.submitted", period: { from: "1970-01-01", to: "1970-01-04", timezone: "Africa/Monrovia" }`, 'period.timezone', /quarter hours/],
    ];
    for (const [args, argumentName, message] of cases) {
      expect(await badInput(args)).toMatchObject({ argumentName, message: expect.stringMatching(message) });
    }
  });
});
