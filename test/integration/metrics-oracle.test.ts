/**
 * Every metric of the API against an independent computation (test/oracle, plain TypeScript
 * written from the definitions in schema.graphql and design.md) over the same generated events:
 * generated with a fixed seed, ingested through POST /v1/events, queried through GraphQL over
 * HTTP. Counts and sums must be equal; averages and rates equal to 9 decimals. Nothing here is
 * copied from the API's answers.
 */
import type { LearningEvent } from '../../src/domain/event';
import { generateEvents, postEventBatches, type GeneratorOptions } from '../../src/generator';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { startTestServer, type TestServer } from '../helpers/http';
import { activeUsers, activeUsersSummary, dau } from '../oracle/active-users';
import { campaignPerformance } from '../oracle/campaigns';
import { companies, companyLearningSummary } from '../oracle/company-learning';
import { topContent, type ContentKind } from '../oracle/content';
import { cohortCompletionRate, courseEngagement, courseEngagementSeries, courses, type CourseOrder } from '../oracle/course-engagement';
import { eventCounts } from '../oracle/event-counts';
import { eventMetrics, type EventMetricsArgs } from '../oracle/event-metrics';
import { funnel, type FunnelArgs, type FunnelStepInput } from '../oracle/funnel';
import { learner, learnerMetrics } from '../oracle/learner';
import { retention, type RetentionArgs } from '../oracle/retention';
import { revenue } from '../oracle/revenue';
import type { Granularity, PeriodArg } from '../oracle/period';

const OPTIONS: GeneratorOptions = { events: 30_000, companies: 3, learners: 400, courses: 6, days: 60, seed: 11, end: new Date('2026-05-01T00:00:00Z') };

/** Fields whose values are averages or rates: compared to 9 decimals, everything else exactly. */
const FLOAT_KEYS = new Set([
  'dailyAverage',
  'stickiness',
  'averageQuizScore',
  'averageTimeSpentSeconds',
  'cohortCompletionRate',
  'completionRate',
  'quizPassRate',
  'averageScore',
  'averageTimeSeconds',
  'conversionFromStart',
  'conversionFromPrevious',
  'overallConversion',
  'rates',
  'value', // eventMetrics rows (the whole-number `value` of BucketValue/DailyValue compares exactly, see below)
]);

/**
 * The oracle's answer as a matcher: floats under FLOAT_KEYS become expect.closeTo(x, 9),
 * whole numbers stay exact (so a count 1 off fails).
 */
function approx(expected: unknown, floatContext = false): unknown {
  if (typeof expected === 'number') return floatContext && !Number.isInteger(expected) ? expect.closeTo(expected, 9) : expected;
  if (Array.isArray(expected)) return expected.map((x) => approx(x, floatContext));
  if (expected !== null && typeof expected === 'object') {
    return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, approx(v, FLOAT_KEYS.has(k))]));
  }
  return expected;
}

/** DateTime fields come back as ISO strings; normalise them to `toISOString()` form. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, (k === 'start' || k === 'lastActiveAt') && typeof v === 'string' ? new Date(v).toISOString() : normalise(v)]),
    );
  }
  return value;
}

const PERIODS = {
  UTC: {
    full: { from: '2026-03-02', to: '2026-05-01', timezone: 'UTC' },
    // Wednesday to Thursday: WEEK buckets stick out at both ends.
    clipped: { from: '2026-03-11', to: '2026-04-16', timezone: 'UTC' },
    hours: { from: '2026-03-06', to: '2026-03-10', timezone: 'UTC' },
  },
  'America/New_York': {
    full: { from: '2026-03-01', to: '2026-05-01', timezone: 'America/New_York' },
    clipped: { from: '2026-03-11', to: '2026-04-16', timezone: 'America/New_York' },
    // Daylight saving time starts on 2026-03-08: a 23-hour day.
    hours: { from: '2026-03-06', to: '2026-03-10', timezone: 'America/New_York' },
  },
  // Days that are not whole UTC hours (issue 11): the rollups' hourly states cannot cut them.
  'Asia/Kolkata': {
    full: { from: '2026-03-01', to: '2026-05-01', timezone: 'Asia/Kolkata' },
    clipped: { from: '2026-03-11', to: '2026-04-16', timezone: 'Asia/Kolkata' },
    hours: { from: '2026-03-06', to: '2026-03-10', timezone: 'Asia/Kolkata' },
  },
  'Asia/Kathmandu': {
    full: { from: '2026-03-01', to: '2026-05-01', timezone: 'Asia/Kathmandu' },
    clipped: { from: '2026-03-11', to: '2026-04-16', timezone: 'Asia/Kathmandu' },
    hours: { from: '2026-03-06', to: '2026-03-10', timezone: 'Asia/Kathmandu' },
  },
  // +10:30 until 2026-04-05 03:00, then +09:30: clipped and hours cross the change (02:00 happens twice).
  'Australia/Adelaide': {
    full: { from: '2026-03-01', to: '2026-05-01', timezone: 'Australia/Adelaide' },
    clipped: { from: '2026-03-11', to: '2026-04-16', timezone: 'Australia/Adelaide' },
    hours: { from: '2026-04-03', to: '2026-04-07', timezone: 'Australia/Adelaide' },
  },
} satisfies Record<string, Record<string, PeriodArg>>;

/** Root fields per request in `many`: below the default MAX_ROOT_FIELDS (20) and MAX_ALIASES (30), and 15 raw-event fields stay well inside the admin cost budget. */
const MANY_PER_REQUEST = 15;

const ENGAGEMENT_FIELDS =
  'courseId activeLearners averageQuizScore averageTimeSpentSeconds completionRate completions enrollments learningTimeSeconds lessonCompletions quizPassRate';
const POINT_FIELDS = 'bucket start activeLearners completions enrollments learningTimeSeconds lessonCompletions';
const COMPANY_FIELDS = 'companyId activeLearners certificatesIssued coursesCompleted learningTimeSeconds';
const STEP_FIELDS = 'index name eventType count conversionFromStart conversionFromPrevious';

describe('every metric against an independent TypeScript computation (generated data, GraphQL over HTTP)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let events: LearningEvent[];
  let companyIds: string[];
  let courseIds: string[];

  beforeAll(async () => {
    engine = await migratedEngine('metrics_oracle');
    t = await startTestServer(engine); // graphql() sends the admin token
    events = [...generateEvents(OPTIONS)];
    const sent = await postEventBatches(events, { url: `${t.base}/v1/events`, batchSize: 5000, concurrency: 2, seed: OPTIONS.seed, token: t.adminToken });
    expect(sent).toMatchObject({ accepted: OPTIONS.events, rejected: 0 });
    companyIds = [...new Set(events.map((e) => e.company_id).filter((c) => c !== ''))].sort();
    courseIds = [...new Set(events.map((e) => e.course_id).filter((c) => c !== ''))].sort();
    expect(companyIds).toHaveLength(OPTIONS.companies);
    expect(courseIds).toHaveLength(OPTIONS.courses);
  });
  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await t.graphql<T>(query, variables);
    if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}\nquery: ${query}`);
    return normalise(res.data) as T;
  }

  /**
   * Several calls of one root field, up to MANY_PER_REQUEST per request (aliases r0, r1, ...;
   * the resolvers of one request run concurrently), within the API's default per-request limits
   * (aliases, root fields, cost). Arguments left undefined take their GraphQL default.
   */
  async function many(field: string, argTypes: Record<string, string>, selection: string, calls: readonly Record<string, unknown>[]): Promise<unknown[]> {
    const results: unknown[] = [];
    for (let i = 0; i < calls.length; i += MANY_PER_REQUEST) {
      results.push(...(await manyInOneRequest(field, argTypes, selection, calls.slice(i, i + MANY_PER_REQUEST))));
    }
    return results;
  }

  async function manyInOneRequest(
    field: string,
    argTypes: Record<string, string>,
    selection: string,
    calls: readonly Record<string, unknown>[],
  ): Promise<unknown[]> {
    const declarations: string[] = [];
    const variables: Record<string, unknown> = {};
    const aliases = calls.map((call, i) => {
      const args = Object.keys(argTypes)
        .filter((name) => call[name] !== undefined)
        .map((name) => {
          declarations.push(`$${name}${i}: ${argTypes[name]}`);
          variables[`${name}${i}`] = call[name];
          return `${name}: $${name}${i}`;
        });
      return `r${i}: ${field}(${args.join(', ')}) { ${selection} }`;
    });
    const data = await gql<Record<string, unknown>>(`query(${declarations.join(', ')}) { ${aliases.join('\n')} }`, variables);
    return calls.map((_, i) => data[`r${i}`]);
  }

  /** Every company scope a metric with an optional companyId is checked in. */
  const scopes = () => [null, ...companyIds];

  describe.each(Object.keys(PERIODS) as (keyof typeof PERIODS)[])('in %s', (zone) => {
    const P = PERIODS[zone];

    it('dau (with and without platform)', async () => {
      const calls = scopes().flatMap((companyId) => [null, 'ios', 'android'].map((platform) => ({ period: P.full, companyId, platform })));
      const rows = await many('dau', { period: 'PeriodInput!', companyId: 'ID', platform: 'String' }, 'date value', calls);
      expect(rows).toEqual(calls.map((args) => dau(events, args)));
    });

    it('activeUsers at every granularity', async () => {
      for (const companyId of scopes()) {
        const data = await gql<Record<string, unknown>>(
          `query($clipped: PeriodInput!, $hours: PeriodInput!, $companyId: ID) {
            day: activeUsers(period: $clipped, companyId: $companyId, granularity: DAY) { bucket start value }
            week: activeUsers(period: $clipped, companyId: $companyId, granularity: WEEK) { bucket start value }
            month: activeUsers(period: $clipped, companyId: $companyId, granularity: MONTH) { bucket start value }
            year: activeUsers(period: $clipped, companyId: $companyId, granularity: YEAR) { bucket start value }
            hour: activeUsers(period: $hours, companyId: $companyId, granularity: HOUR) { bucket start value }
          }`,
          { clipped: P.clipped, hours: P.hours, companyId },
        );
        const expected = (granularity: Granularity, period: PeriodArg) => activeUsers(events, { period, companyId, granularity });
        expect(data).toEqual({
          day: expected('DAY', P.clipped),
          week: expected('WEEK', P.clipped),
          month: expected('MONTH', P.clipped),
          year: expected('YEAR', P.clipped),
          hour: expected('HOUR', P.hours),
        });
      }
    });

    it('activeUsersSummary (+ compareTo)', async () => {
      const fields = 'dailyAverage weekly monthly stickiness';
      for (const companyId of scopes()) {
        for (const period of [P.full, P.clipped]) {
          const data = await gql<Record<string, unknown>>(
            `query($period: PeriodInput!, $companyId: ID) {
              plain: activeUsersSummary(period: $period, companyId: $companyId) { ${fields} comparison { ${fields} } }
              previous: activeUsersSummary(period: $period, companyId: $companyId, compareTo: PREVIOUS_PERIOD) { ${fields} comparison { ${fields} comparison { weekly } } }
              lastYear: activeUsersSummary(period: $period, companyId: $companyId, compareTo: PREVIOUS_YEAR) { ${fields} comparison { ${fields} comparison { weekly } } }
            }`,
            { period, companyId },
          );
          expect(data).toEqual(
            approx({
              plain: activeUsersSummary(events, { period, companyId }),
              previous: activeUsersSummary(events, { period, companyId, compareTo: 'PREVIOUS_PERIOD' }),
              lastYear: activeUsersSummary(events, { period, companyId, compareTo: 'PREVIOUS_YEAR' }),
            }),
          );
        }
      }
    });

    it('courseEngagement of every course (+ series, cohortCompletionRate)', async () => {
      for (const companyId of scopes()) {
        for (const period of [P.full, P.clipped]) {
          const aliases = courseIds
            .map(
              (id, i) =>
                `c${i}: courseEngagement(period: $period, companyId: $companyId, courseId: "${id}") {
                  ${ENGAGEMENT_FIELDS} cohortCompletionRate
                  day: series { ${POINT_FIELDS} }
                  week: series(granularity: WEEK) { ${POINT_FIELDS} }
                }`,
            )
            .join('\n');
          const data = await gql<Record<string, unknown>>(`query($period: PeriodInput!, $companyId: ID) { ${aliases} }`, { period, companyId });
          const expected = Object.fromEntries(
            courseIds.map((courseId, i) => {
              const args = { period, companyId, courseId };
              return [
                `c${i}`,
                {
                  ...courseEngagement(events, args),
                  cohortCompletionRate: cohortCompletionRate(events, args),
                  day: courseEngagementSeries(events, { ...args, granularity: 'DAY' }),
                  week: courseEngagementSeries(events, { ...args, granularity: 'WEEK' }),
                },
              ];
            }),
          );
          expect(data).toEqual(approx(expected));
        }
      }
      // HOUR series across the daylight-saving change.
      const data = await gql<{ courseEngagement: { series: unknown } }>(
        `query($period: PeriodInput!) { courseEngagement(period: $period, courseId: "${courseIds[0]}") { series(granularity: HOUR) { ${POINT_FIELDS} } } }`,
        { period: P.hours },
      );
      expect(data.courseEngagement.series).toEqual(courseEngagementSeries(events, { period: P.hours, courseId: courseIds[0], granularity: 'HOUR' }));
    });

    it('courses (every orderBy, with a limit, with ids)', async () => {
      const orders: CourseOrder[] = ['ENROLLMENTS_DESC', 'ACTIVE_LEARNERS_DESC', 'COMPLETIONS_DESC', 'LEARNING_TIME_DESC', 'COURSE_ID_ASC'];
      for (const companyId of scopes()) {
        const data = await gql<Record<string, unknown>>(
          `query($period: PeriodInput!, $companyId: ID, $ids: [ID!]) {
            ${orders.map((o) => `${o}: courses(period: $period, companyId: $companyId, orderBy: ${o}) { id engagement { ${ENGAGEMENT_FIELDS} } }`).join('\n')}
            top3: courses(period: $period, companyId: $companyId, orderBy: LEARNING_TIME_DESC, limit: 3) { id engagement { ${ENGAGEMENT_FIELDS} } }
            byIds: courses(period: $period, companyId: $companyId, ids: $ids) { id engagement { ${ENGAGEMENT_FIELDS} } }
          }`,
          { period: P.clipped, companyId, ids: [courseIds[2], courseIds[0], courseIds[2], 'course-without-events'] },
        );
        const expected: Record<string, unknown> = Object.fromEntries(
          orders.map((orderBy) => [orderBy, courses(events, { period: P.clipped, companyId, orderBy })]),
        );
        expected.top3 = courses(events, { period: P.clipped, companyId, orderBy: 'LEARNING_TIME_DESC', limit: 3 });
        expected.byIds = courses(events, { period: P.clipped, companyId, ids: [courseIds[2], courseIds[0], courseIds[2], 'course-without-events'] });
        expect(data).toEqual(approx(expected));
      }
    });

    it('companyLearningSummary (+ series) and companies', async () => {
      for (const companyId of [...companyIds, 'company-without-events']) {
        const data = await gql<Record<string, unknown>>(
          `query($period: PeriodInput!, $companyId: ID!) {
            plain: companyLearningSummary(period: $period, companyId: $companyId) { ${COMPANY_FIELDS} series { bucket } }
            week: companyLearningSummary(period: $period, companyId: $companyId, granularity: WEEK) { ${COMPANY_FIELDS} series { bucket start ${COMPANY_FIELDS.replace('companyId ', '')} } }
            day: companyLearningSummary(period: $period, companyId: $companyId, granularity: DAY) { ${COMPANY_FIELDS} series { bucket start ${COMPANY_FIELDS.replace('companyId ', '')} } }
          }`,
          { period: P.clipped, companyId },
        );
        expect(data).toEqual({
          plain: companyLearningSummary(events, { period: P.clipped, companyId }),
          week: companyLearningSummary(events, { period: P.clipped, companyId, granularity: 'WEEK' }),
          day: companyLearningSummary(events, { period: P.clipped, companyId, granularity: 'DAY' }),
        });
      }
      const ids = [companyIds[1], 'company-without-events', companyIds[0], companyIds[1]];
      for (const period of [P.full, P.clipped]) {
        const data = await gql<Record<string, unknown>>(
          `query($period: PeriodInput!, $ids: [ID!]) {
            all: companies(period: $period) { ${COMPANY_FIELDS} series { bucket } }
            byIds: companies(period: $period, ids: $ids) { ${COMPANY_FIELDS} series { bucket } }
          }`,
          { period, ids },
        );
        expect(data).toEqual({ all: companies(events, { period }), byIds: companies(events, { period, ids }) });
      }
    });

    it('eventCounts (all types; named types zero-filled)', async () => {
      const named = ['course.completed', 'lesson.completed', 'payment.failed', 'type.never.sent'];
      for (const companyId of scopes()) {
        const data = await gql<Record<string, unknown>>(
          `query($full: PeriodInput!, $hours: PeriodInput!, $companyId: ID, $named: [String!]) {
            all: eventCounts(period: $full, companyId: $companyId) { bucket start eventType count }
            named: eventCounts(period: $full, companyId: $companyId, eventTypes: $named, granularity: WEEK) { bucket start eventType count }
            month: eventCounts(period: $full, companyId: $companyId, granularity: MONTH) { bucket start eventType count }
            hour: eventCounts(period: $hours, companyId: $companyId, granularity: HOUR, eventTypes: ["lesson.started"]) { bucket start eventType count }
          }`,
          { full: P.full, hours: P.hours, companyId, named },
        );
        expect(data).toEqual({
          all: eventCounts(events, { period: P.full, companyId }),
          named: eventCounts(events, { period: P.full, companyId, eventTypes: named, granularity: 'WEEK' }),
          month: eventCounts(events, { period: P.full, companyId, granularity: 'MONTH' }),
          hour: eventCounts(events, { period: P.hours, companyId, granularity: 'HOUR', eventTypes: ['lesson.started'] }),
        });
      }
    });

    it('campaignPerformance', async () => {
      const fields = 'utmSource utmMedium utmCampaign sessions users signups enrollments';
      for (const companyId of scopes()) {
        for (const period of [P.full, P.clipped]) {
          const data = await gql<Record<string, unknown>>(
            `query($period: PeriodInput!, $companyId: ID) {
              all: campaignPerformance(period: $period, companyId: $companyId) { ${fields} }
              top3: campaignPerformance(period: $period, companyId: $companyId, limit: 3) { ${fields} }
            }`,
            { period, companyId },
          );
          expect(data).toEqual({
            all: campaignPerformance(events, { period, companyId }),
            top3: campaignPerformance(events, { period, companyId, limit: 3 }),
          });
        }
      }
    });

    it('topContent of every kind', async () => {
      const kinds: ContentKind[] = ['COURSE', 'LESSON', 'PAGE'];
      const fields = 'id kind views uniqueViewers completions averageScore averageTimeSeconds';
      for (const companyId of scopes()) {
        const data = await gql<Record<string, unknown>>(
          `query($period: PeriodInput!, $companyId: ID) {
            ${kinds.map((k) => `${k}: topContent(period: $period, companyId: $companyId, kind: ${k}, limit: 1000) { ${fields} }`).join('\n')}
            top5: topContent(period: $period, companyId: $companyId, kind: LESSON, limit: 5) { ${fields} }
          }`,
          { period: P.clipped, companyId },
        );
        const expected: Record<string, unknown> = Object.fromEntries(
          kinds.map((kind) => [kind, topContent(events, { period: P.clipped, companyId, kind, limit: 1000 })]),
        );
        expected.top5 = topContent(events, { period: P.clipped, companyId, kind: 'LESSON', limit: 5 });
        expect(data).toEqual(approx(expected));
      }
    });

    it('learner.metrics (solo and company learners, in and out of scope)', async () => {
      // Counted once: counting inside the sort comparator scanned all events per comparison (13 s of CPU).
      const eventsPerUser = new Map<string, number>();
      for (const e of events) eventsPerUser.set(e.user_id, (eventsPerUser.get(e.user_id) ?? 0) + 1);
      const eventsOf = (user: string) => eventsPerUser.get(user) ?? 0;
      const busiest = (company: string) =>
        [...new Set(events.filter((e) => e.user_id !== '' && e.company_id === company).map((e) => e.user_id))].sort(
          (a, b) => eventsOf(b) - eventsOf(a) || (a < b ? -1 : 1),
        );
      const solo = busiest('');
      const company = busiest(companyIds[0]);
      const cases: [string, string | null][] = [
        [solo[0], null],
        [solo[solo.length - 1], null],
        [company[0], null],
        [company[0], companyIds[0]],
        [company[1], companyIds[0]],
        [company[0], companyIds[1]], // another company's learner: null
        [solo[0], companyIds[0]], // a solo learner within a company: null
        ['user-never-seen', null],
      ];
      const fields = 'practiceSessionsCompleted practiceTimeSeconds averageScore coursesEnrolled coursesCompleted lastActiveAt';
      for (const [userId, companyId] of cases) {
        const data = await gql<Record<string, unknown>>(
          `query($userId: ID!, $companyId: ID, $full: PeriodInput!, $clipped: PeriodInput!) {
            learner(userId: $userId, companyId: $companyId) { userId full: metrics(period: $full) { ${fields} } clipped: metrics(period: $clipped) { ${fields} } }
          }`,
          { userId, companyId, full: P.full, clipped: P.clipped },
        );
        const found = learner(events, { userId, companyId });
        expect(data.learner).toEqual(
          found === null
            ? null
            : approx({
                userId,
                full: learnerMetrics(events, { userId, companyId, period: P.full }),
                clipped: learnerMetrics(events, { userId, companyId, period: P.clipped }),
              }),
        );
      }
    });

    it('revenue (per currency, with a currency filter, every series granularity)', async () => {
      const fields =
        'subscriptionsActivated subscriptionsCancelled totals { currency amount payments failedPayments } series { bucket start currency amount payments }';
      for (const companyId of scopes()) {
        const data = await gql<Record<string, unknown>>(
          `query($period: PeriodInput!, $hours: PeriodInput!, $companyId: ID) {
            day: revenue(period: $period, companyId: $companyId) { ${fields} }
            month: revenue(period: $period, companyId: $companyId, granularity: MONTH) { ${fields} }
            eurWeek: revenue(period: $period, companyId: $companyId, currency: "EUR", granularity: WEEK) { ${fields} }
            none: revenue(period: $period, companyId: $companyId, currency: "JPY", granularity: YEAR) { ${fields} }
            hour: revenue(period: $hours, companyId: $companyId, granularity: HOUR) { ${fields} }
          }`,
          { period: P.full, hours: P.hours, companyId },
        );
        expect(data).toEqual({
          day: revenue(events, { period: P.full, companyId }),
          month: revenue(events, { period: P.full, companyId, granularity: 'MONTH' }),
          eurWeek: revenue(events, { period: P.full, companyId, currency: 'EUR', granularity: 'WEEK' }),
          none: revenue(events, { period: P.full, companyId, currency: 'JPY', granularity: 'YEAR' }),
          hour: revenue(events, { period: P.hours, companyId, granularity: 'HOUR' }),
        });
      }
    });

    const LEARNING_FUNNEL: FunnelStepInput[] = [
      { eventType: 'course.viewed' },
      { eventType: 'course.enrolled', name: 'enrolled' },
      { eventType: 'lesson.completed' },
      { eventType: 'quiz.completed' },
      { eventType: 'course.completed' },
    ];

    /** Every funnel in one request; each result is compared with its arguments alongside, for a readable diff. */
    async function checkFunnels(calls: FunnelArgs[]) {
      const results = await many(
        'funnel',
        {
          period: 'PeriodInput!',
          steps: '[FunnelStepInput!]!',
          mode: 'FunnelMode!',
          countBy: 'FunnelCountBy!',
          window: 'Int!',
          companyId: 'ID',
          breakdownBy: 'Dimension',
        },
        `overallConversion steps { ${STEP_FIELDS} } breakdown { value overallConversion steps { ${STEP_FIELDS} } }`,
        calls as unknown as Record<string, unknown>[],
      );
      expect(calls.map((args, i) => ({ args, funnel: results[i] }))).toEqual(calls.map((args) => ({ args, funnel: approx(funnel(events, args)) })));
    }

    it('funnel: every mode x countBy, with a breakdown', async () => {
      const calls: FunnelArgs[] = [];
      for (const mode of ['ORDERED', 'STRICT_ORDER', 'UNORDERED'] as const) {
        for (const countBy of ['USER', 'SESSION'] as const) {
          for (const companyId of [null, companyIds[0]]) {
            calls.push({ period: P.full, steps: LEARNING_FUNNEL, mode, countBy, window: 7 * 86_400, companyId, breakdownBy: 'PLATFORM' });
          }
        }
      }
      calls.push({ period: P.clipped, steps: LEARNING_FUNNEL, mode: 'ORDERED', countBy: 'USER', window: 30 * 86_400, breakdownBy: 'COUNTRY' });
      calls.push({ period: P.clipped, steps: LEARNING_FUNNEL, mode: 'UNORDERED', countBy: 'USER', window: 3600, breakdownBy: 'COMPANY' });
      calls.push({
        period: P.full,
        // By session: the landing page.viewed (anonymous, with the UTM fields) opens the registration session.
        steps: [{ eventType: 'page.viewed' }, { eventType: 'user.registered' }, { eventType: 'course.enrolled' }],
        mode: 'ORDERED',
        countBy: 'SESSION',
        window: 86_400,
        breakdownBy: 'UTM_SOURCE',
      });
      calls.push({
        period: P.full,
        steps: [{ eventType: 'page.viewed', pagePrefix: '/pricing' }, { eventType: 'payment.succeeded' }, { eventType: 'subscription.activated' }],
        mode: 'STRICT_ORDER',
        countBy: 'SESSION',
        window: 3600,
        breakdownBy: 'UTM_CAMPAIGN',
      });
      await checkFunnels(calls);
    });

    it('funnel: courseId, lessonId, pagePrefix and property filters', async () => {
      const calls: FunnelArgs[] = [];
      const course = courseIds[1];
      const lesson = events.find((e) => e.type === 'lesson.completed' && e.course_id === course)!.lesson_id;
      const filtered: FunnelStepInput[] = [
        { eventType: 'page.viewed', pagePrefix: '/courses' },
        { eventType: 'course.enrolled', courseId: course, where: [{ property: 'assigned', value: 'false' }] },
        { eventType: 'lesson.completed', courseId: course, where: [{ property: 'progress_percent', op: 'GTE', value: '100' }] },
        { eventType: 'quiz.completed', courseId: course, where: [{ property: 'attempt', op: 'LT', value: '3' }] },
        { eventType: 'course.completed', courseId: course, where: [{ property: 'exam_attempts', op: 'LTE', value: '2' }] },
      ];
      for (const mode of ['ORDERED', 'STRICT_ORDER', 'UNORDERED'] as const) {
        calls.push({ period: P.full, steps: filtered, mode, countBy: 'USER', window: 30 * 86_400 });
      }
      calls.push({
        period: P.full,
        steps: [
          { eventType: 'lesson.started', lessonId: lesson },
          { eventType: 'lesson.progressed', lessonId: lesson, where: [{ property: 'progress_percent', op: 'GT', value: '40' }] },
          { eventType: 'lesson.completed', lessonId: lesson, where: [{ property: 'progress_percent', op: 'NEQ', value: '50' }] },
        ],
        mode: 'ORDERED',
        countBy: 'SESSION',
        window: 7200,
      });
      // properties.price is a numeric string ("49.00"): GT compares it as a number.
      calls.push({
        period: P.full,
        steps: [
          { eventType: 'page.viewed', pagePrefix: '/pricing' },
          { eventType: 'subscription.activated', where: [{ property: 'price', op: 'GT', value: '40' }] },
        ],
        mode: 'ORDERED',
        countBy: 'SESSION',
        window: 3600,
      });
      calls.push({
        period: P.full,
        steps: [
          { eventType: 'user.registered', where: [{ property: 'method', op: 'CONTAINS', value: 'o' }] },
          { eventType: 'ui.clicked', where: [{ property: 'element', op: 'EQ', value: 'enroll-button' }] },
          { eventType: 'course.enrolled', where: [{ property: 'assigned', value: 'true' }] },
        ],
        mode: 'ORDERED',
        countBy: 'USER',
        window: 14 * 86_400,
        breakdownBy: 'COMPANY',
      });
      await checkFunnels(calls);
    });

    it('funnel: an event matching several steps counts for each of them', async () => {
      const calls: FunnelArgs[] = [];
      const course = courseIds[0];
      for (const mode of ['ORDERED', 'UNORDERED'] as const) {
        calls.push({
          period: P.full,
          steps: [{ eventType: 'lesson.started' }, { eventType: 'lesson.started', courseId: course }, { eventType: 'lesson.completed', courseId: course }],
          mode,
          countBy: 'USER',
          window: 86_400,
        });
        // Most sessions hold one enrollment: it alone is both step 1 and step 2.
        calls.push({
          period: P.full,
          steps: [{ eventType: 'course.enrolled' }, { eventType: 'course.enrolled', courseId: course }, { eventType: 'lesson.started', courseId: course }],
          mode,
          countBy: 'SESSION',
          window: 3600,
        });
      }
      await checkFunnels(calls);
    });

    it('retention (DAY, WEEK, MONTH; any event or a return type)', async () => {
      const cases: Omit<RetentionArgs, 'companyId'>[] = [
        { period: P.full, granularity: 'WEEK', periods: 8 },
        { period: P.clipped, granularity: 'WEEK', periods: 10 },
        { period: P.full, granularity: 'DAY', periods: 14, returnEventType: 'lesson.completed' },
        { period: P.full, granularity: 'MONTH', periods: 3, cohortEventType: 'course.enrolled', returnEventType: 'course.completed' },
        { period: P.clipped, granularity: 'DAY', periods: 30, cohortEventType: 'user.logged_in' },
      ];
      const calls: RetentionArgs[] = scopes().flatMap((companyId) => cases.map((args) => ({ ...args, companyId })));
      const results = await many(
        'retention',
        { period: 'PeriodInput!', granularity: 'Granularity!', periods: 'Int!', cohortEventType: 'String!', returnEventType: 'String', companyId: 'ID' },
        'cohortStart size retained rates',
        calls as unknown as Record<string, unknown>[],
      );
      expect(calls.map((args, i) => ({ args, retention: results[i] }))).toEqual(calls.map((args) => ({ args, retention: approx(retention(events, args)) })));
    });

    it('eventMetrics (every measure; columns and properties paths; with granularity)', async () => {
      const cases: Omit<EventMetricsArgs, 'companyId'>[] = [
        { period: P.full, eventType: 'review.submitted', measure: 'COUNT', groupBy: ['course_id'] },
        { period: P.full, eventType: 'review.submitted', measure: 'AVG', property: 'properties.rating', groupBy: ['course_id'] },
        { period: P.full, eventType: 'review.submitted', measure: 'COUNT', groupBy: ['properties.rating', 'platform'] },
        { period: P.full, eventType: 'payment.succeeded', measure: 'SUM', property: 'amount', groupBy: ['currency'], granularity: 'DAY' },
        { period: P.full, eventType: 'payment.succeeded', measure: 'AVG', property: 'amount', groupBy: ['properties.plan', 'currency'] },
        {
          period: P.full,
          eventType: 'subscription.activated',
          measure: 'SUM',
          property: 'properties.price',
          groupBy: ['properties.plan', 'properties.currency'],
        },
        { period: P.full, eventType: 'lesson.completed', measure: 'UNIQUE_USERS', groupBy: ['properties.progress_percent'], granularity: 'WEEK' },
        {
          period: P.full,
          eventType: 'lesson.completed',
          measure: 'SUM',
          property: 'duration_seconds',
          groupBy: ['country', 'platform', 'company_id'],
          limit: 25,
        },
        { period: P.full, eventType: 'quiz.completed', measure: 'AVG', property: 'score', groupBy: ['course_id', 'properties.attempt'], granularity: 'MONTH' },
        { period: P.full, eventType: 'practice_session.completed', measure: 'COUNT', groupBy: ['properties.exercises'] },
        { period: P.full, eventType: 'practice_session.completed', measure: 'AVG', property: 'duration_seconds' },
        { period: P.hours, eventType: 'page.viewed', measure: 'UNIQUE_USERS', groupBy: ['page'], granularity: 'HOUR', limit: 1000 },
        { period: P.clipped, eventType: 'user.registered', measure: 'COUNT', groupBy: ['utm_source', 'utm_medium', 'utm_campaign'], granularity: 'WEEK' },
        { period: P.clipped, eventType: 'ui.clicked', measure: 'COUNT', groupBy: ['properties.element'], granularity: 'YEAR', limit: 5 },
        { period: P.clipped, eventType: 'consultation.completed', measure: 'SUM', property: 'properties.duration_minutes', groupBy: ['properties.topic'] },
        // No number to sum or average (a boolean, text): no rows.
        { period: P.full, eventType: 'payment.succeeded', measure: 'AVG', property: 'properties.renewal', groupBy: ['properties.plan'] },
        { period: P.full, eventType: 'user.registered', measure: 'SUM', property: 'properties.method' },
      ];
      const calls: EventMetricsArgs[] = scopes().flatMap((companyId) => cases.map((args) => ({ ...args, companyId })));
      const results = await many(
        'eventMetrics',
        {
          period: 'PeriodInput!',
          eventType: 'String!',
          measure: 'Measure!',
          property: 'String',
          groupBy: '[String!]',
          granularity: 'Granularity',
          limit: 'Int!',
          companyId: 'ID',
        },
        'bucket start group value',
        calls as unknown as Record<string, unknown>[],
      );
      expect(calls.map((args, i) => ({ args, rows: results[i] }))).toEqual(calls.map((args) => ({ args, rows: approx(eventMetrics(events, args)) })));
    });
  });
});
