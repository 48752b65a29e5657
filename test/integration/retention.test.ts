import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

const registered = (user: string, timestamp: string, extra: Partial<EventJson> = {}) =>
  anEvent({ type: 'user.registered', user_id: user, timestamp, ...extra });
const loggedIn = (user: string, timestamp: string, extra: Partial<EventJson> = {}) => anEvent({ type: 'user.logged_in', user_id: user, timestamp, ...extra });

/**
 * Weeks (Monday starts): 03-02, 03-09, 03-16. Tokyo is UTC+9 all year, so its days start at
 * 15:00 UTC the day before.
 */
const events: EventJson[] = [
  registered('r1', '2026-03-02T10:00:00Z'),
  loggedIn('r1', '2026-03-04T10:00:00Z'),
  loggedIn('r1', '2026-03-10T10:00:00Z'),
  loggedIn('r1', '2026-03-17T10:00:00Z'),
  // A login before registering does not count.
  loggedIn('r2', '2026-03-03T09:00:00Z'),
  registered('r2', '2026-03-03T10:00:00Z'),
  loggedIn('r2', '2026-03-20T10:00:00Z'),
  // Company c9 (all its events).
  registered('r3', '2026-03-09T12:00:00Z', { company_id: 'c9' }),
  loggedIn('r3', '2026-03-09T13:00:00Z', { company_id: 'c9' }),
  loggedIn('r3', '2026-03-16T10:00:00Z', { company_id: 'c9' }),
  // First registration before the period: never in a cohort of the period.
  registered('r4', '2026-02-20T10:00:00Z'),
  registered('r4', '2026-03-05T10:00:00Z'),
  loggedIn('r4', '2026-03-06T10:00:00Z'),
  // Sunday 03-15 23:30 UTC is Monday 03-16 in Tokyo, after the period.
  registered('r5', '2026-03-15T23:30:00Z'),
  loggedIn('r5', '2026-03-16T01:00:00Z'),
  // Sunday 03-01 20:00 UTC is Monday 03-02 in Tokyo, inside the period.
  registered('r6', '2026-03-01T20:00:00Z'),
  loggedIn('r6', '2026-03-01T21:00:00Z'),
];

const RETENTION = `query Retention($period: PeriodInput!, $cohortEventType: String!, $returnEventType: String, $granularity: Granularity!, $periods: Int!, $companyId: ID) {
  retention(period: $period, cohortEventType: $cohortEventType, returnEventType: $returnEventType, granularity: $granularity, periods: $periods, companyId: $companyId) {
    cohortStart size retained rates
  }
}`;

interface Cohort {
  cohortStart: string;
  size: number;
  retained: number[];
  rates: number[];
}

describe('retention (raw events, known cohorts)', () => {
  let engine: TestEngine;
  let t: TestServer;
  const queries: string[] = [];
  beforeAll(async () => {
    engine = await migratedEngine('retention');
    t = await startTestServer(engine);
    engine.db.onQuery((e) => queries.push(e.operation));
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: events.length, rejected: 0 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const retention = async (vars: Record<string, unknown>): Promise<Cohort[]> => {
    const res = await t.graphql<{ retention: Cohort[] }>(RETENTION, {
      period: { from: '2026-03-02', to: '2026-03-16' },
      cohortEventType: 'user.registered',
      returnEventType: 'user.logged_in',
      granularity: 'WEEK',
      periods: 3,
      ...vars,
    });
    expect(res.errors).toBeUndefined();
    return res.data!.retention;
  };

  it('weekly cohorts in UTC: bucket 0 is the cohort week itself', async () => {
    expect(await retention({})).toEqual([
      { cohortStart: '2026-03-02', size: 2, retained: [1, 1, 2], rates: [0.5, 0.5, 1] },
      { cohortStart: '2026-03-09', size: 2, retained: [1, 2, 0], rates: [0.5, 1, 0] },
    ]);
  });

  it('cuts cohorts and buckets in the period timezone', async () => {
    expect(await retention({ period: { from: '2026-03-02', to: '2026-03-16', timezone: 'Asia/Tokyo' } })).toEqual([
      { cohortStart: '2026-03-02', size: 3, retained: [2, 1, 2], rates: [2 / 3, 1 / 3, 2 / 3] },
      { cohortStart: '2026-03-09', size: 1, retained: [1, 1, 0], rates: [1, 1, 0] },
    ]);
  });

  it('counts any event as a return when returnEventType is null (so rates[0] is 1)', async () => {
    expect(await retention({ returnEventType: null })).toEqual([
      { cohortStart: '2026-03-02', size: 2, retained: [2, 1, 2], rates: [1, 0.5, 1] },
      { cohortStart: '2026-03-09', size: 2, retained: [2, 2, 0], rates: [1, 1, 0] },
    ]);
  });

  it('daily and monthly cohorts, zero-filled', async () => {
    expect(await retention({ period: { from: '2026-03-02', to: '2026-03-05' }, granularity: 'DAY' })).toEqual([
      { cohortStart: '2026-03-02', size: 1, retained: [0, 0, 1], rates: [0, 0, 1] },
      { cohortStart: '2026-03-03', size: 1, retained: [0, 0, 0], rates: [0, 0, 0] },
      { cohortStart: '2026-03-04', size: 0, retained: [0, 0, 0], rates: [0, 0, 0] },
    ]);
    expect(await retention({ period: { from: '2026-02-01', to: '2026-04-01' }, granularity: 'MONTH', periods: 2 })).toEqual([
      { cohortStart: '2026-02-01', size: 1, retained: [0, 1], rates: [0, 1] },
      { cohortStart: '2026-03-01', size: 5, retained: [5, 0], rates: [1, 0] },
    ]);
  });

  it('a week cohort of a period that starts mid-week keeps its Monday as cohortStart', async () => {
    expect(await retention({ period: { from: '2026-03-03', to: '2026-03-10' }, periods: 1 })).toEqual([
      { cohortStart: '2026-03-02', size: 1, retained: [0], rates: [0] },
      { cohortStart: '2026-03-09', size: 1, retained: [1], rates: [1] },
    ]);
  });

  it('only reads the events of the company asked for', async () => {
    expect(await retention({ companyId: 'c9' })).toEqual([
      { cohortStart: '2026-03-02', size: 0, retained: [0, 0, 0], rates: [0, 0, 0] },
      { cohortStart: '2026-03-09', size: 1, retained: [1, 1, 0], rates: [1, 1, 0] },
    ]);
  });

  it('uses the defaults (user.registered, any event, WEEK, 8 periods)', async () => {
    const res = await t.graphql<{ retention: Cohort[] }>('{ retention(period: { from: "2026-03-09", to: "2026-03-16" }) { cohortStart size retained } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.retention).toEqual([{ cohortStart: '2026-03-09', size: 2, retained: [2, 2, 0, 0, 0, 0, 0, 0] }]);
  });

  it('rejects bad arguments before running any query, naming the argument', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ granularity: 'HOUR' }, /^granularity: retention cohorts are DAY, WEEK or MONTH, got HOUR/],
      [{ granularity: 'YEAR' }, /^granularity: /],
      [{ periods: 0 }, /^periods: must be a whole number of buckets from 1 to 52, got 0/],
      [{ periods: 53 }, /^periods: /],
      [{ cohortEventType: 'Registered' }, /^cohortEventType: must be a dot.case event type/],
      [{ returnEventType: 'login' }, /^returnEventType: must be a dot.case event type/],
      [{ period: { from: '2026-03-16', to: '2026-03-02' } }, /^period: from \(2026-03-16\) must be before to/],
      [{ period: { from: '2020-01-01', to: '2026-01-01' } }, /^period: 2192 days is longer than the 400-day limit/],
      [{ period: { from: '1970-01-01', to: '1970-01-04', timezone: 'Africa/Monrovia' } }, /^period.timezone: Africa\/Monrovia was -00:44 from UTC/],
    ];
    const before = queries.length;
    for (const [vars, message] of cases) {
      const res = await t.graphql(RETENTION, {
        period: { from: '2026-03-02', to: '2026-03-16' },
        cohortEventType: 'user.registered',
        granularity: 'WEEK',
        periods: 3,
        ...vars,
      });
      expect({ vars, error: res.errors?.[0] }).toMatchObject({
        vars,
        error: { message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } },
      });
    }
    expect(queries.slice(before).filter((op) => op.startsWith('metrics.retention'))).toEqual([]);
  });
});
