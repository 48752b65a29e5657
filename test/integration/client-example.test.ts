import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import ts from 'typescript';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import * as generated from '../../client/generated/graphql';
import { DashboardError, fetchDashboard, main, PANELS, type Dashboard } from '../../examples/dashboard';
import { projectRoot } from '../../src/paths';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

const root = projectRoot();

describe('typed client: generated documents and examples/dashboard.ts type-check against schema.graphql', () => {
  it('every generated document is valid against the committed schema.graphql', () => {
    const schema = buildSchema(fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
    const documents = Object.entries(generated).filter(([name]) => name.endsWith('Document')) as [string, DocumentNode][];
    // The nine panels (two of them list + detail), the dashboard's course table and course page
    // (curriculum drop-off, quiz items) and ServerInfo.
    expect(documents.map(([name]) => name).sort()).toEqual(
      [
        'Campaigns',
        'CompanySummary',
        'CompanySummaryDetail',
        'CourseEngagement',
        'CourseEngagementDetail',
        'CourseEngagementTrends',
        'CourseProgress',
        'CourseQuizItems',
        'DailyActiveUsers',
        'EventCounts',
        'Funnel',
        'Retention',
        'Revenue',
        'ServerInfo',
        'TopContent',
      ]
        .map((n) => `${n}Document`)
        .sort(),
    );
    for (const [name, document] of documents) expect({ name, errors: validate(schema, document).map((e) => e.message) }).toEqual({ name, errors: [] });
  });

  /**
   * One program (the project's compilerOptions) over two small files written to a temp dir: one
   * that uses the client correctly and one with mistakes on marked lines. The correct file, the
   * example and the generated code must have no diagnostics; exactly one on every marked line.
   * About 6 s (one program: the two files, the example, the generated code, graphql's and
   * node's types).
   */
  it('the compiler accepts correct use and rejects wrong variables and unselected fields', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lm-typed-client-'));
    const imports = `
      import { request, fetchDashboard } from ${JSON.stringify(path.join(root, 'examples/dashboard'))};
      import { DailyActiveUsersDocument, FunnelDocument, RevenueDocument } from ${JSON.stringify(path.join(root, 'client/generated/graphql'))};
      const endpoint = { url: 'http://localhost:4000/graphql', token: 't' };
      const period = { from: '2026-03-02', to: '2026-03-09' };
      export {};
    `;
    const good = path.join(dir, 'good.ts');
    fs.writeFileSync(
      good,
      `${imports}
      async function use(): Promise<number> {
        const dau = await request(endpoint, 'DailyActiveUsers', DailyActiveUsersDocument, { period: { ...period, timezone: 'Europe/Berlin' }, compareTo: 'PREVIOUS_YEAR', companyId: 'co1' });
        const funnel = await request(endpoint, 'Funnel', FunnelDocument, { period, steps: [{ eventType: 'course.viewed' }, { eventType: 'course.enrolled' }], breakdownBy: 'COUNTRY' });
        const revenue = await request(endpoint, 'Revenue', RevenueDocument, { period, granularity: 'WEEK' });
        const dashboard = await fetchDashboard({ ...endpoint, period });
        // Figures are nullable: a partner view withholds groups of too few learners.
        const amount: string = revenue.revenue.totals[0].amount ?? '0';
        return (dau.dau[0].value ?? 0) + (dau.activeUsersSummary.comparison?.weekly ?? 0) + (funnel.funnel.steps[0].count ?? 0) + amount.length + dashboard.courses.list.length;
      }
      void use;
    `,
    );
    const bad = path.join(dir, 'bad.ts');
    const badSource = `${imports}
      async function misuse(): Promise<void> {
        await request(endpoint, 'DailyActiveUsers', DailyActiveUsersDocument, { period: { from: 20260302, to: '2026-03-09' } }); // BAD: Date is a string
        await request(endpoint, 'DailyActiveUsers', DailyActiveUsersDocument, { period, compareTo: 'LAST_WEEK' }); // BAD: not a CompareTo
        await request(endpoint, 'Funnel', FunnelDocument, { period }); // BAD: steps is required
        await request(endpoint, 'Revenue', RevenueDocument, { period, granularity: 'DAY', currencies: ['EUR'] }); // BAD: no such variable
        await request(endpoint, 'Revenue', RevenueDocument, { period, granularity: null }); // BAD: Granularity! with a default takes no null
        const dau = await request(endpoint, 'DailyActiveUsers', DailyActiveUsersDocument, { period });
        const n: number = dau.dau[0].date; // BAD: date is a string
        void dau.activeUsersSummary.daily; // BAD: not selected
        void dau.activeUsersSummary.comparison.weekly; // BAD: comparison may be null
      }
      void misuse;
    `;
    fs.writeFileSync(bad, badSource);
    try {
      const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
      const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
      // rootDir/outDir would reject files outside the project; nothing is emitted anyway.
      const program = ts.createProgram({
        rootNames: [good, bad],
        options: { ...options, noEmit: true, rootDir: undefined, outDir: undefined, sourceMap: false },
      });
      const diagnostics = ts.getPreEmitDiagnostics(program);
      const where = (d: ts.Diagnostic) => {
        const file = d.file ? path.relative(root, d.file.fileName) : '(options)';
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        return { file, line, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0] };
      };
      const all = diagnostics.map(where);
      // Nothing outside bad.ts: the correct usage, the example and the generated code compile.
      expect(all.filter((d) => !d.file.endsWith('bad.ts'))).toEqual([]);
      const badLines = badSource.split('\n').flatMap((text, i) => (text.includes('// BAD:') ? [i + 1] : []));
      expect(badLines).toHaveLength(8);
      const reported = all.filter((d) => d.file.endsWith('bad.ts'));
      expect(reported.map((d) => d.line).sort((a, b) => a - b)).toEqual(badLines);
      // Type errors (2xxx), e.g. TS2322 not assignable, TS2339 no such property, TS2353 unknown key, TS18047 possibly null.
      for (const d of reported) expect(d.code === 18047 || (d.code >= 2300 && d.code < 2800)).toBe(true);
      expect(reported.find((d) => d.line === badLines[0])?.message).toMatch(/number.*string/);
      expect(reported.find((d) => d.line === badLines[3])?.message).toMatch(/currencies/);
      expect(reported.find((d) => d.line === badLines[6])?.message).toMatch(/daily/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const PERIOD = { from: '2026-03-02', to: '2026-03-09' }; // Monday to Monday, UTC: 7 days.
const at = (day: string, time = '10:00') => `2026-03-${day}T${time}:00Z`;
const newsletter = { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring' };
const google = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand' };
/** Not a learning event: no course. */
const noCourse = { course_id: undefined };

/**
 * u1..u3 learn at company co1, u4 at co2, u5 is a solo learner; a1 is an anonymous visitor.
 * Every figure asserted below is worked out by hand from this list.
 */
const EVENTS: EventJson[] = [
  anEvent({ type: 'user.registered', user_id: 'u1', company_id: 'co1', timestamp: at('02', '09:00'), session_id: 's1', ...newsletter, ...noCourse }),
  anEvent({ type: 'course.viewed', user_id: 'u1', company_id: 'co1', timestamp: at('02', '09:05'), session_id: 's1', ...newsletter }),
  anEvent({ type: 'course.enrolled', user_id: 'u1', company_id: 'co1', timestamp: at('02', '09:10'), session_id: 's1', ...newsletter }),
  anEvent({ type: 'lesson.completed', user_id: 'u1', company_id: 'co1', timestamp: at('03', '10:00'), duration_seconds: 300 }),
  anEvent({ type: 'quiz.completed', user_id: 'u1', company_id: 'co1', timestamp: at('03', '10:30'), score: 90, passed: true }),
  // More than a day after the enrollment: inside the dashboard's 7-day funnel window.
  anEvent({ type: 'course.completed', user_id: 'u1', company_id: 'co1', timestamp: at('04', '11:00') }),
  anEvent({ type: 'certificate.issued', user_id: 'u1', company_id: 'co1', timestamp: at('04', '11:01') }),
  anEvent({
    type: 'user.registered',
    user_id: 'u2',
    company_id: 'co1',
    timestamp: at('02', '12:00'),
    session_id: 's2',
    platform: 'ios',
    ...google,
    ...noCourse,
  }),
  anEvent({ type: 'course.viewed', user_id: 'u2', company_id: 'co1', timestamp: at('02', '12:05'), session_id: 's2', platform: 'ios', ...google }),
  anEvent({ type: 'course.enrolled', user_id: 'u2', company_id: 'co1', timestamp: at('03', '08:00'), platform: 'ios' }),
  anEvent({ type: 'lesson.progressed', user_id: 'u2', company_id: 'co1', timestamp: at('03', '08:30'), duration_seconds: 200, platform: 'ios' }),
  anEvent({ type: 'user.registered', user_id: 'u3', company_id: 'co1', timestamp: at('05', '09:00'), session_id: 's3', ...newsletter, ...noCourse }),
  anEvent({ type: 'course.viewed', user_id: 'u3', company_id: 'co1', timestamp: at('05', '09:10'), course_id: 'course-002' }),
  anEvent({ type: 'course.enrolled', user_id: 'u4', company_id: 'co2', timestamp: at('05', '11:00'), course_id: 'course-002' }),
  anEvent({ type: 'payment.succeeded', user_id: 'u4', company_id: 'co2', timestamp: at('05', '11:05'), amount: '49.90', currency: 'USD', ...noCourse }),
  anEvent({ type: 'payment.succeeded', user_id: 'u1', company_id: 'co1', timestamp: at('06', '08:00'), amount: '10.10', currency: 'USD', ...noCourse }),
  anEvent({ type: 'payment.failed', user_id: 'u5', timestamp: at('06', '09:00'), amount: '5.00', currency: 'EUR', ...noCourse }),
  anEvent({ type: 'subscription.activated', user_id: 'u5', timestamp: at('06', '09:01'), ...noCourse }),
  anEvent({ type: 'page.viewed', user_id: undefined, anonymous_id: 'a1', timestamp: at('06', '15:00'), page: '/pricing', ...noCourse }),
  anEvent({ type: 'page.viewed', user_id: 'u5', timestamp: at('07', '15:00'), page: '/pricing', ...noCourse }),
  // After the period: only retention looks at it (u2 comes back in the week after the cohort's).
  anEvent({ type: 'user.logged_in', user_id: 'u2', company_id: 'co1', timestamp: at('10'), ...noCourse }),
];

const zeroCourseDay = { enrollments: 0, completions: 0, lessonCompletions: 0, activeLearners: 0, learningTimeSeconds: 0 };
const zeroCompanyDay = { activeLearners: 0, coursesCompleted: 0, learningTimeSeconds: 0, certificatesIssued: 0 };
const days = ['02', '03', '04', '05', '06', '07', '08'].map((d) => `2026-03-${d}`);

describe('examples/dashboard.ts against a live server', () => {
  let engine: TestEngine;
  let t: TestServer;
  let url: string;
  let dashboard: Dashboard;
  beforeAll(async () => {
    engine = await migratedEngine('client_example');
    t = await startTestServer(engine);
    url = t.server.url;
    const res = await t.postEvents(toNdjson(EVENTS));
    expect(res.json).toMatchObject({ accepted: EVENTS.length, rejected: 0 });
    dashboard = await fetchDashboard({ url, token: t.adminToken, period: PERIOD });
  });
  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  it('DailyActiveUsers: DAU per day and the summary with its comparison period', () => {
    // 02: u1 u2 · 03: u1 u2 · 04: u1 · 05: u3 u4 · 06: u1 u5 (a1 has no user_id) · 07: u5 · 08: nobody
    expect(dashboard.activeUsers.dau).toEqual(days.map((date, i) => ({ date, value: [2, 2, 1, 2, 2, 1, 0][i] })));
    const summary = dashboard.activeUsers.activeUsersSummary;
    expect(summary).toMatchObject({ weekly: 5, monthly: 5 });
    expect(summary.dailyAverage).toBeCloseTo(10 / 7, 6);
    // Mean DAU over the 30 days ending at `to`, over MAU.
    expect(summary.stickiness).toBeCloseTo(10 / 30 / 5, 6);
    expect(summary.comparison).toEqual({ dailyAverage: 0, weekly: 0, monthly: 0, stickiness: 0 });
  });

  it('CourseEngagement: the course list and the first course over time', () => {
    expect(dashboard.courses.list).toEqual([
      {
        id: 'course-001',
        engagement: {
          courseId: 'course-001',
          enrollments: 2,
          completions: 1,
          completionRate: 0.5,
          lessonCompletions: 1,
          activeLearners: 2,
          learningTimeSeconds: 500,
          averageTimeSpentSeconds: 250,
          averageQuizScore: 90,
          quizPassRate: 1,
        },
      },
      {
        id: 'course-002',
        engagement: {
          courseId: 'course-002',
          enrollments: 1,
          completions: 0,
          completionRate: 0,
          lessonCompletions: 0,
          activeLearners: 2,
          learningTimeSeconds: 0,
          averageTimeSpentSeconds: 0,
          averageQuizScore: null,
          quizPassRate: null,
        },
      },
    ]);
    const selected = dashboard.courses.selected!;
    expect(selected).toMatchObject({ courseId: 'course-001', enrollments: 2, completions: 1, cohortCompletionRate: 0.5 });
    expect(selected.series.map(({ start: _start, ...rest }) => rest)).toEqual(
      days.map((bucket) => ({
        bucket,
        ...zeroCourseDay,
        ...{
          '2026-03-02': { enrollments: 1, activeLearners: 2 },
          '2026-03-03': { enrollments: 1, lessonCompletions: 1, activeLearners: 2, learningTimeSeconds: 500 },
          '2026-03-04': { completions: 1, activeLearners: 1 },
        }[bucket],
      })),
    );
  });

  it('Funnel: viewed, enrolled, completed within 7 days, by platform', () => {
    // u1 (web) all three steps, u2 (ios) two, u3 (web) one; u4 enrolled without viewing.
    const counts = (steps: { count: number | null }[]) => steps.map((s) => s.count);
    expect(counts(dashboard.funnel.steps)).toEqual([3, 2, 1]);
    expect(dashboard.funnel.steps.map((s) => s.name)).toEqual(['Viewed a course', 'Enrolled', 'Completed']);
    expect(dashboard.funnel.overallConversion).toBeCloseTo(1 / 3, 6);
    expect(dashboard.funnel.breakdown!.map((b) => ({ value: b.value, counts: counts(b.steps) }))).toEqual([
      { value: 'web', counts: [2, 1, 1] },
      { value: 'ios', counts: [1, 1, 0] },
    ]);
  });

  it('Retention: one weekly cohort, one member back the week after', () => {
    expect(dashboard.retention).toHaveLength(1);
    const [cohort] = dashboard.retention;
    expect(cohort).toMatchObject({ cohortStart: '2026-03-02', size: 3, retained: [3, 1, 0, 0] });
    cohort.rates.forEach((rate, i) => expect(rate).toBeCloseTo([1, 1 / 3, 0, 0][i], 6));
  });

  it('CompanySummary: companies by active learners and the first over time', () => {
    expect(dashboard.companies.list).toEqual([
      { companyId: 'co1', activeLearners: 3, coursesCompleted: 1, learningTimeSeconds: 500, certificatesIssued: 1 },
      { companyId: 'co2', activeLearners: 1, coursesCompleted: 0, learningTimeSeconds: 0, certificatesIssued: 0 },
    ]);
    const selected = dashboard.companies.selected!;
    expect(selected).toMatchObject({ companyId: 'co1', activeLearners: 3 });
    expect(selected.series!.map(({ start: _start, ...rest }) => rest)).toEqual(
      days.map((bucket) => ({
        bucket,
        ...zeroCompanyDay,
        ...{
          '2026-03-02': { activeLearners: 2 },
          '2026-03-03': { activeLearners: 2, learningTimeSeconds: 500 },
          '2026-03-04': { activeLearners: 1, coursesCompleted: 1, certificatesIssued: 1 },
          '2026-03-05': { activeLearners: 1 },
        }[bucket],
      })),
    );
  });

  it('Campaigns: users, sessions, signups and enrollments per UTM campaign', () => {
    expect(dashboard.campaigns).toEqual([
      { utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'spring', users: 2, sessions: 2, signups: 2, enrollments: 1 },
      { utmSource: 'google', utmMedium: 'cpc', utmCampaign: 'brand', users: 1, sessions: 1, signups: 1, enrollments: 0 },
    ]);
  });

  it('TopContent: most viewed courses and pages', () => {
    expect(dashboard.topContent.courses).toEqual([
      // Completions: course.completed plus lesson.completed of its lessons; time: 300 + 200 s over 2 viewers.
      { kind: 'COURSE', id: 'course-001', views: 2, uniqueViewers: 2, completions: 2, averageTimeSeconds: 250, averageScore: null },
      { kind: 'COURSE', id: 'course-002', views: 1, uniqueViewers: 1, completions: 0, averageTimeSeconds: 0, averageScore: null },
    ]);
    expect(dashboard.topContent.pages).toEqual([
      { kind: 'PAGE', id: '/pricing', views: 2, uniqueViewers: 2, completions: 0, averageTimeSeconds: 0, averageScore: null },
    ]);
  });

  it('Revenue: exact totals per currency, the daily series and subscriptions', () => {
    expect(dashboard.revenue.totals).toEqual([
      { currency: 'EUR', amount: '0', payments: 0, failedPayments: 1 },
      { currency: 'USD', amount: '60', payments: 2, failedPayments: 0 },
    ]);
    expect(dashboard.revenue).toMatchObject({ subscriptionsActivated: 1, subscriptionsCancelled: 0 });
    expect(dashboard.revenue.series).toHaveLength(days.length * 2);
    expect(
      dashboard.revenue.series.filter((p) => (p.payments ?? 0) > 0).map(({ bucket, currency, amount, payments }) => ({ bucket, currency, amount, payments })),
    ).toEqual([
      { bucket: '2026-03-05', currency: 'USD', amount: '49.9', payments: 1 },
      { bucket: '2026-03-06', currency: 'USD', amount: '10.1', payments: 1 },
    ]);
  });

  it('EventCounts: every event of the period counted once under its type and day', () => {
    const inPeriod = EVENTS.filter((e) => e.timestamp! >= `${PERIOD.from}T00:00:00Z` && e.timestamp! < `${PERIOD.to}T00:00:00Z`);
    const expected = new Map<string, number>();
    for (const e of inPeriod) {
      const key = `${e.timestamp!.slice(0, 10)} ${e.type}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const actual = new Map(dashboard.eventCounts.map((r) => [`${r.bucket} ${r.eventType}`, r.count]));
    expect(actual).toEqual(expected);
    expect(inPeriod).toHaveLength(20);
  });

  it("one company's dashboard: every panel filtered to it", async () => {
    const co1 = await fetchDashboard({ url, token: t.adminToken, period: PERIOD, companyId: 'co1', courseId: 'course-002' });
    // 06: u1's payment is co1 activity; u4 (co2) and u5 (solo) are out.
    expect(co1.activeUsers.dau.map((d) => d.value)).toEqual([2, 2, 1, 1, 1, 0, 0]);
    expect(co1.companies.list.map((c) => c.companyId)).toEqual(['co1']);
    expect(co1.companies.selected).toMatchObject({ companyId: 'co1', activeLearners: 3 });
    // The course asked for, of co1's learners only: u3 viewed it, u4 (co2) enrolled.
    expect(co1.courses.selected).toMatchObject({ courseId: 'course-002', enrollments: 0, activeLearners: 1 });
    expect(co1.revenue.totals).toEqual([{ currency: 'USD', amount: '10.1', payments: 1, failedPayments: 0 }]);
    expect(co1.topContent.pages).toEqual([]);
  });

  it('main() prints a summary line per panel', async () => {
    let out = '';
    let err = '';
    const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
    const code = await main(
      ['--url', url, '--from', PERIOD.from, '--to', PERIOD.to],
      { LEARNMETRICS_TOKEN: t.adminToken },
      sink((s) => (out += s)),
      sink((s) => (err += s)),
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('Dashboard 2026-03-02 .. 2026-03-09 (UTC), all companies');
    expect(out).toContain('Viewed a course 3 -> Enrolled 2 -> Completed 1 (33.3% overall)');
    expect(out).toContain('USD 60 (2 paid, 0 failed)');
    expect(out).toContain('20 events of 12 types');
    expect(out.trim().split('\n')).toHaveLength(1 + PANELS.length);
  });

  it('a bad token: HTTP 401 with the reason and how to get a token', async () => {
    const error = await fetchDashboard({ url, token: 'not-a-jwt', period: PERIOD }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DashboardError);
    expect(error).toMatchObject({ panel: 'DailyActiveUsers', status: 401 });
    expect((error as Error).message).toMatch(/^DailyActiveUsers: HTTP 401 Unauthorized: the server did not accept the token \(.+\)\. Send a valid token/);
    expect((error as { failures: unknown[] }).failures).toHaveLength(PANELS.length);
  });

  it('a token that may not read metrics: HTTP 403 with the server message', async () => {
    const error = await fetchDashboard({ url, token: await tokenFor('ingest'), period: PERIOD }).catch((e: unknown) => e);
    expect(error).toMatchObject({ panel: 'DailyActiveUsers', status: 403 });
    expect((error as Error).message).toContain('DailyActiveUsers: HTTP 403 Forbidden: this token may not read the panel (role "ingest" may not read');
  });

  it('a GraphQL error in one panel names the panel and carries the server message', async () => {
    const error = await fetchDashboard({ url, token: t.adminToken, period: PERIOD, funnelSteps: [{ eventType: 'course.viewed' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DashboardError);
    expect(error).toMatchObject({ panel: 'Funnel', errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })] });
    expect((error as Error).message).toBe('Funnel: steps: a funnel has 2 to 20 steps, got 1 (BAD_USER_INPUT)');
    expect((error as { failures: unknown[] }).failures).toHaveLength(1);
  });
});
