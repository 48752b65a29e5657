import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

const SUMMARY = 'companyId activeLearners coursesCompleted learningTimeSeconds certificatesIssued';
const POINT = 'bucket start activeLearners coursesCompleted learningTimeSeconds certificatesIssued';
const PERIOD = '{ from: "2026-03-01", to: "2026-03-05" }';

describe('companyLearningSummary / companies (hand-built events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('company_metrics');
    t = await startTestServer(engine);
    const events = [
      anEvent({ type: 'lesson.completed', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-02T10:00:00Z', duration_seconds: 300 }),
      // 23:30 UTC on 03-02 is 00:30 on 03-03 in Berlin (UTC+1).
      anEvent({ type: 'lesson.progressed', user_id: 'u2', company_id: 'co1', timestamp: '2026-03-02T23:30:00Z', duration_seconds: 200 }),
      anEvent({ type: 'course.completed', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-03T09:00:00Z' }),
      anEvent({ type: 'certificate.issued', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-03T09:05:00Z' }),
      // Activity, but not learning: no active learner.
      anEvent({ type: 'user.logged_in', user_id: 'u3', company_id: 'co1', timestamp: '2026-03-03T10:00:00Z' }),
      anEvent({ type: 'practice_session.completed', user_id: 'u2', company_id: 'co1', timestamp: '2026-03-04T08:00:00Z', duration_seconds: 600 }),
      anEvent({ type: 'course.enrolled', user_id: 'u4', company_id: 'co2', timestamp: '2026-03-02T12:00:00Z' }),
      // Before the period in UTC, 00:30 on 03-01 in Berlin.
      anEvent({ type: 'certificate.issued', user_id: 'u5', company_id: 'co2', timestamp: '2026-02-28T23:30:00Z' }),
      anEvent({ type: 'user.logged_in', user_id: 'u6', company_id: 'co3', timestamp: '2026-03-03T10:00:00Z' }),
      // A solo learner is in no company's figures.
      anEvent({ type: 'lesson.completed', user_id: 'u9', timestamp: '2026-03-02T10:00:00Z', duration_seconds: 900 }),
    ];
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const summary = async (companyId: string, period = PERIOD, extra = '') => {
    const res = await t.graphql<{ companyLearningSummary: Record<string, unknown> }>(
      `{ companyLearningSummary(companyId: "${companyId}", period: ${period}${extra}) { ${SUMMARY} series { ${POINT} } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.companyLearningSummary;
  };
  const zero = { activeLearners: 0, coursesCompleted: 0, learningTimeSeconds: 0, certificatesIssued: 0 };

  it('answers every field for one company; series is null without a granularity', async () => {
    expect(await summary('co1')).toEqual({
      companyId: 'co1',
      activeLearners: 2,
      coursesCompleted: 1,
      learningTimeSeconds: 1100,
      certificatesIssued: 1,
      series: null,
    });
    expect(await summary('co2')).toEqual({
      companyId: 'co2',
      activeLearners: 1,
      coursesCompleted: 0,
      learningTimeSeconds: 0,
      certificatesIssued: 0,
      series: null,
    });
    expect(await summary('co-none')).toEqual({ companyId: 'co-none', ...zero, series: null });
  });

  it('cuts the period and the series in the period timezone, zero-filled', async () => {
    expect((await summary('co1', PERIOD, ', granularity: DAY')).series).toEqual([
      { bucket: '2026-03-01', start: '2026-03-01T00:00:00.000Z', ...zero },
      { bucket: '2026-03-02', start: '2026-03-02T00:00:00.000Z', activeLearners: 2, coursesCompleted: 0, learningTimeSeconds: 500, certificatesIssued: 0 },
      { bucket: '2026-03-03', start: '2026-03-03T00:00:00.000Z', activeLearners: 1, coursesCompleted: 1, learningTimeSeconds: 0, certificatesIssued: 1 },
      { bucket: '2026-03-04', start: '2026-03-04T00:00:00.000Z', activeLearners: 1, coursesCompleted: 0, learningTimeSeconds: 600, certificatesIssued: 0 },
    ]);
    const berlin = '{ from: "2026-03-01", to: "2026-03-05", timezone: "Europe/Berlin" }';
    expect((await summary('co1', berlin, ', granularity: DAY')).series).toEqual([
      { bucket: '2026-03-01', start: '2026-02-28T23:00:00.000Z', ...zero },
      { bucket: '2026-03-02', start: '2026-03-01T23:00:00.000Z', activeLearners: 1, coursesCompleted: 0, learningTimeSeconds: 300, certificatesIssued: 0 },
      { bucket: '2026-03-03', start: '2026-03-02T23:00:00.000Z', activeLearners: 2, coursesCompleted: 1, learningTimeSeconds: 200, certificatesIssued: 1 },
      { bucket: '2026-03-04', start: '2026-03-03T23:00:00.000Z', activeLearners: 1, coursesCompleted: 0, learningTimeSeconds: 600, certificatesIssued: 0 },
    ]);
    expect(await summary('co2', berlin)).toMatchObject({ certificatesIssued: 1, activeLearners: 1 });
    const month = await summary('co1', PERIOD, ', granularity: MONTH');
    expect(month.series).toEqual([
      { bucket: '2026-03-01', start: '2026-03-01T00:00:00.000Z', activeLearners: 2, coursesCompleted: 1, learningTimeSeconds: 1100, certificatesIssued: 1 },
    ]);
  });

  const companies = async (args: string) => {
    const res = await t.graphql<{ companies: Record<string, unknown>[] }>(`{ companies(period: ${PERIOD}${args}) { ${SUMMARY} series { bucket } } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.companies;
  };

  it('companies without ids: every company with an event, most active learners first', async () => {
    expect(await companies('')).toEqual([
      { companyId: 'co1', activeLearners: 2, coursesCompleted: 1, learningTimeSeconds: 1100, certificatesIssued: 1, series: null },
      { companyId: 'co2', activeLearners: 1, coursesCompleted: 0, learningTimeSeconds: 0, certificatesIssued: 0, series: null },
      { companyId: 'co3', ...zero, series: null },
    ]);
  });

  it('companies with ids: exactly those, in the order given, zeros for no activity', async () => {
    expect((await companies(', ids: ["co3", "co-none", "co1", "co3"]')).map((c) => `${c.companyId}:${c.activeLearners}`)).toEqual([
      'co3:0',
      'co-none:0',
      'co1:2',
    ]);
  });

  it('rejects bad arguments before any query, naming the argument', async () => {
    const long = 'x'.repeat(129);
    const many = JSON.stringify(Array.from({ length: 501 }, (_, i) => `co-${i}`));
    const cases: [string, RegExp][] = [
      [`{ companyLearningSummary(companyId: "", period: ${PERIOD}) { activeLearners } }`, /^companyId: must not be empty/],
      [`{ companyLearningSummary(companyId: "${long}", period: ${PERIOD}) { activeLearners } }`, /^companyId: is 129 characters long; ids are at most 128/],
      [
        `{ companyLearningSummary(companyId: "co1", period: { from: "2026-03-05", to: "2026-03-01" }) { activeLearners } }`,
        /^period: from \(2026-03-05\) must be before to/,
      ],
      [
        `{ companyLearningSummary(companyId: "co1", period: { from: "2026-01-01", to: "2026-03-01" }, granularity: HOUR) { activeLearners } }`,
        /^period: 59 days is longer than the 31-day limit at HOUR/,
      ],
      [`{ companies(period: ${PERIOD}, ids: []) { companyId } }`, /^ids: is empty/],
      [`{ companies(period: ${PERIOD}, ids: ["co1", " "]) { companyId } }`, /^ids\[1\]: must not be empty/],
      [`{ companies(period: ${PERIOD}, ids: ["${long}"]) { companyId } }`, /^ids\[0\]: is 129 characters long/],
      [`{ companies(period: { from: "2020-01-01", to: "2026-01-01" }) { companyId } }`, /^period: 2192 days is longer than the 400-day limit/],
    ];
    let queries = 0;
    const unsubscribe = engine.db.onQuery(() => (queries += 1));
    try {
      for (const [query, message] of cases) {
        const res = await t.graphql(query);
        expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
      }
      // Over MAX_LIST_LENGTH (500) a list is refused before execution by the generic cap (test/integration/limits.test.ts).
      expect((await t.graphql(`{ companies(period: ${PERIOD}, ids: ${many}) { companyId } }`)).errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^ids: 501 items/),
        extensions: { code: 'LIST_TOO_LONG' },
      });
    } finally {
      unsubscribe();
    }
    expect(queries).toBe(0);
  });
});
