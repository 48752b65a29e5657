import type { QueryEvent } from '../../src/clickhouse/client';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/** GET /admin/analytics/users of the analytics specification (hand-built events, known answers). */
describe('GET /admin/analytics/users', () => {
  let engine: TestEngine;
  let t: TestServer;

  beforeAll(async () => {
    engine = await migratedEngine('admin_analytics');
    t = await startTestServer(engine);
    // 2026-03-02 is a Monday.
    const events = [
      anEvent({ type: 'user.registered', user_id: 'u1', session_id: 's1', company_id: 'c1', timestamp: '2026-03-02T09:00:00Z' }),
      anEvent({ type: 'user.registered', user_id: 'u2', session_id: 's2', company_id: 'c2', timestamp: '2026-03-02T10:00:00Z' }),
      anEvent({ type: 'user.registered', user_id: 'u3', session_id: 's3', timestamp: '2026-03-03T09:00:00Z' }),
      anEvent({ type: 'practice_session.completed', user_id: 'u1', session_id: 's4', duration_seconds: 600, timestamp: '2026-03-03T10:00:00Z' }),
      anEvent({ type: 'practice_session.completed', user_id: 'u1', session_id: 's5', duration_seconds: 300, timestamp: '2026-03-03T11:00:00Z' }),
      // No session id: a practice, an active user, but no session.
      anEvent({ type: 'practice_session.completed', user_id: 'u2', duration_seconds: 120, timestamp: '2026-03-04T08:00:00Z' }),
      // Session s3 goes on after midnight: it counts on both days.
      anEvent({ type: 'page.viewed', user_id: 'u3', session_id: 's3', timestamp: '2026-03-04T00:30:00Z' }),
      anEvent({ type: 'page.viewed', user_id: 'u6', session_id: 's8', timestamp: '2026-03-04T15:00:00Z' }),
      // The day after endDate=2026-03-04: not in a range that ends there.
      anEvent({ type: 'page.viewed', user_id: 'u5', session_id: 's7', timestamp: '2026-03-05T12:00:00Z' }),
      anEvent({ type: 'practice_session.completed', user_id: 'u5', session_id: 's7', duration_seconds: 999, timestamp: '2026-03-05T12:30:00Z' }),
      // Second week: u4 registers, u1 comes back.
      anEvent({ type: 'user.registered', user_id: 'u4', session_id: 's6', timestamp: '2026-03-09T09:00:00Z' }),
      anEvent({ type: 'page.viewed', user_id: 'u1', session_id: 's9', timestamp: '2026-03-10T10:00:00Z' }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const get = async (query: string, token: string | null = t.adminToken) => {
    const res = await fetch(`${t.base}/admin/analytics/users?${query}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  const daily = async (metric: string) => {
    const res = await get(`startDate=2026-03-02&endDate=2026-03-04&metric=${metric}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const days = (...values: number[]) => values.map((value, i) => ({ date: `2026-03-0${i + 2}`, value }));

  const queriesDuring = async (fn: () => Promise<unknown>) => {
    const seen: QueryEvent[] = [];
    const stop = engine.db.onQuery((e) => seen.push(e));
    try {
      await fn();
    } finally {
      stop();
    }
    return seen;
  };

  it('active: daily active users, both dates included', async () => {
    expect(await daily('active')).toEqual({
      metric: 'active',
      startDate: '2026-03-02',
      endDate: '2026-03-04',
      timezone: 'UTC',
      unit: 'users',
      data: days(2, 2, 3),
    });
  });

  it('new: registrations per day, zero-filled', async () => {
    expect((await daily('new')).data).toEqual(days(2, 1, 0));
  });

  it('sessions: distinct sessions per day over all events', async () => {
    expect(await daily('sessions')).toMatchObject({ unit: 'sessions', data: days(2, 3, 2) });
  });

  it('practice-time: seconds of practice_session.completed per day', async () => {
    expect(await daily('practice-time')).toMatchObject({ unit: 'seconds', data: days(0, 900, 120) });
  });

  it('one day is startDate = endDate', async () => {
    expect((await get('startDate=2026-03-05&endDate=2026-03-05&metric=practice-time')).body.data).toEqual([{ date: '2026-03-05', value: 999 }]);
  });

  it('retention: weekly registration cohorts, any event as a return', async () => {
    const res = await get('startDate=2026-03-02&endDate=2026-03-15&metric=retention');
    expect(res.status).toBe(200);
    const zeros = (n: number) => new Array<number>(n).fill(0);
    expect(res.body).toEqual({
      metric: 'retention',
      startDate: '2026-03-02',
      endDate: '2026-03-15',
      timezone: 'UTC',
      unit: 'users',
      data: [
        { cohortStart: '2026-03-02', size: 3, retained: [3, 1, ...zeros(6)], rates: [1, 1 / 3, ...zeros(6)] },
        { cohortStart: '2026-03-09', size: 1, retained: [1, ...zeros(7)], rates: [1, ...zeros(7)] },
      ],
    });
  });

  it('answers admin tokens only: 401 without a token, 403 for analyst, partner and ingest', async () => {
    const query = 'startDate=2026-03-02&endDate=2026-03-04&metric=active';
    const none = await get(query, null);
    expect(none.status).toBe(401);
    for (const token of [await tokenFor('analyst'), await tokenFor('partner', 'c1'), await tokenFor('ingest')]) {
      const res = await get(query, token);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatch(/may not read \/admin endpoints/);
    }
  });

  const cases: [string, string, RegExp][] = [
    ['endDate=2026-03-04&metric=active', 'startDate', /required/],
    ['startDate=2026-03-02&metric=active', 'endDate', /required/],
    ['startDate=2026-03-02&endDate=2026-03-04', 'metric', /required/],
    ['startDate=2026-03-02&endDate=2026-03-04&metric=revenue', 'metric', /active, new, sessions, practice-time, retention/],
    ['startDate=2026-13-01&endDate=2026-03-04&metric=active', 'startDate', /YYYY-MM-DD/],
    ['startDate=2026-03-02&endDate=03/04/2026&metric=active', 'endDate', /YYYY-MM-DD/],
    ['startDate=2026-03-04&endDate=2026-03-02&metric=active', 'endDate', /before startDate/],
    ['startDate=2024-01-01&endDate=2026-03-01&metric=sessions', 'endDate', /limit/],
    ['startDate=2026-03-02&endDate=2026-03-04&metric=active&companyId=c1', 'companyId', /not a parameter/],
    ['startDate=2026-03-02&startDate=2026-03-03&endDate=2026-03-04&metric=active', 'startDate', /more than once/],
  ];

  it.each(cases)('%s -> 400 naming %s, before any query', async (query, parameter, message) => {
    let res!: Awaited<ReturnType<typeof get>>;
    expect(await queriesDuring(async () => (res = await get(query)))).toEqual([]);
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe(parameter);
    expect(res.body.error).toMatch(message);
  });
});
