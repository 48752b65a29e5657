import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

describe('dau / activeUsers / activeUsersSummary (hand-built events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('active_users');
    t = await startTestServer(engine);
    const events = [
      // 2026-03-02 03:30 UTC is still 2026-03-01 in New York (UTC-5) and 04:30 on 03-02 in Lagos (UTC+1).
      anEvent({ type: 'user.logged_in', user_id: 'u1', timestamp: '2026-03-02T03:30:00Z', company_id: 'c1', platform: 'web' }),
      anEvent({ type: 'user.logged_in', user_id: 'u1', timestamp: '2026-03-02T12:00:00Z', company_id: 'c1', platform: 'ios' }),
      anEvent({ type: 'user.logged_in', user_id: 'u2', timestamp: '2026-03-02T23:30:00Z', company_id: 'c2', platform: 'web' }),
      anEvent({ type: 'user.logged_in', user_id: 'u3', timestamp: '2026-03-03T10:00:00Z', company_id: 'c1', platform: 'android' }),
      // Anonymous visitors are not active users.
      { ...anEvent({ type: 'page.viewed', anonymous_id: 'a1', timestamp: '2026-03-03T10:00:00Z' }), user_id: undefined },
    ];
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: 5 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const dau = async (timezone: string, extra = '') => {
    const res = await t.graphql<{ dau: { date: string; value: number }[] }>(
      `{ dau(period: { from: "2026-03-01", to: "2026-03-05", timezone: "${timezone}" }${extra}) { date value } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.dau.map((d) => `${d.date}=${d.value}`);
  };

  it('cuts days in the period timezone, zero-filled', async () => {
    expect(await dau('UTC')).toEqual(['2026-03-01=0', '2026-03-02=2', '2026-03-03=1', '2026-03-04=0']);
    expect(await dau('America/New_York')).toEqual(['2026-03-01=1', '2026-03-02=2', '2026-03-03=1', '2026-03-04=0']);
    expect(await dau('Africa/Lagos')).toEqual(['2026-03-01=0', '2026-03-02=1', '2026-03-03=2', '2026-03-04=0']);
    // +05:30: 03-02 23:30Z is 05:00 on 03-03 in India (from the 15-minute states).
    expect(await dau('Asia/Kolkata')).toEqual(['2026-03-01=0', '2026-03-02=1', '2026-03-03=2', '2026-03-04=0']);
  });

  it('filters by company and platform', async () => {
    expect(await dau('UTC', ', companyId: "c1"')).toEqual(['2026-03-01=0', '2026-03-02=1', '2026-03-03=1', '2026-03-04=0']);
    expect(await dau('UTC', ', platform: "web"')).toEqual(['2026-03-01=0', '2026-03-02=2', '2026-03-03=0', '2026-03-04=0']);
  });

  it('rejects bad periods before querying, naming the argument', async () => {
    const cases: [string, RegExp][] = [
      ['{ from: "2026-03-05", to: "2026-03-01" }', /^period: from \(2026-03-05\) must be before to/],
      ['{ from: "2020-01-01", to: "2026-01-01" }', /^period: 2192 days is longer than the 400-day limit/],
      [
        '{ from: "1970-01-01", to: "1970-01-04", timezone: "Africa/Monrovia" }',
        /^period.timezone: Africa\/Monrovia was -00:44 from UTC on 1970-01-01, not a whole number of quarter hours/,
      ],
    ];
    for (const [period, message] of cases) {
      const res = await t.graphql(`{ dau(period: ${period}) { date } }`);
      expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('summarises WAU, MAU and stickiness, with a comparison period', async () => {
    const res = await t.graphql<{ activeUsersSummary: Record<string, unknown> }>(
      `{ activeUsersSummary(period: { from: "2026-03-01", to: "2026-03-05" }, compareTo: PREVIOUS_PERIOD) { dailyAverage weekly monthly stickiness comparison { dailyAverage monthly } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.activeUsersSummary).toEqual({
      dailyAverage: 3 / 4,
      weekly: 3,
      monthly: 3,
      stickiness: 3 / 30 / 3,
      comparison: { dailyAverage: 0, monthly: 0 },
    });
  });
  it('answers each summary figure asked alone (by alias or fragment) as it does with all of them, with fewer statements', async () => {
    const period = 'period: { from: "2026-03-01", to: "2026-03-05" }, compareTo: PREVIOUS_PERIOD';
    const all = await t.graphql<{ s: Record<string, unknown> }>(
      `{ s: activeUsersSummary(${period}) { dailyAverage weekly monthly stickiness comparison { weekly } } }`,
    );
    expect(all.errors).toBeUndefined();
    const statements = (run: () => Promise<unknown>) => {
      const seen: string[] = [];
      const stop = engine.db.onQuery((e) => seen.push(e.operation));
      return run().then(() => (stop(), seen));
    };
    for (const figure of ['dailyAverage', 'weekly', 'monthly', 'stickiness']) {
      let res: { data?: { a: Record<string, unknown>; b: Record<string, unknown> } | null; errors?: unknown } = {};
      const ran = await statements(async () => {
        res = await t.graphql(
          `query { a: activeUsersSummary(${period}) { ...F } b: activeUsersSummary(${period}) { ... on ActiveUsersSummary { ${figure} } comparison { weekly } } }
           fragment F on ActiveUsersSummary { ${figure} }`,
        );
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.a).toEqual({ [figure]: all.data!.s[figure] });
      expect(res.data!.b).toEqual({ [figure]: all.data!.s[figure], comparison: all.data!.s.comparison });
      // Fewer than the 3 statements per period a summary of every figure runs.
      expect({ figure, fewer: ran.length < 2 * 2 * 3 }).toEqual({ figure, fewer: true });
    }
    const weeklyOnly = await statements(() => t.graphql(`{ activeUsersSummary(period: { from: "2026-03-01", to: "2026-03-05" }) { weekly } }`));
    expect(weeklyOnly).toEqual(['metrics.active_users.distinct']);
  });
});
