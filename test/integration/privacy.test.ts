import { createServices } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { loadConfig } from '../../src/config/config';
import type { QueryEvent } from '../../src/clickhouse/client';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson, type EventJson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import { compareWithheld, queryFieldNames, type PrivacyExtension } from '../helpers/withheld';

/**
 * The privacy threshold of partner views (k = 5 by default): company `small` has 4 learners,
 * company `large` 5, and both did exactly the same things on 2026-03-02. Every figure about
 * `small` is withheld (null, listed in extensions.privacy) for its partner and shown to admin and
 * analyst; every figure about `large` is shown to its partner, equal to the admin's.
 */

type Gql = {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { privacy?: PrivacyExtension };
};

const DAY = '2026-03-02';
const PERIOD = `{ from: "${DAY}", to: "2026-03-03" }`;

/** The same day's activity for one learner: every figure of every query gets a value from it (course figures included: quiz and lesson in course-001). */
function learnerDay(companyId: string, n: number): EventJson[] {
  const user_id = `${companyId}-${n}`;
  const common = { user_id, company_id: companyId, session_id: `${user_id}-s1`, platform: 'web', country: 'DE' };
  const utm = { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring' };
  const at = (minute: number) => `${DAY}T08:${String(minute).padStart(2, '0')}:00.000Z`;
  return [
    anEvent({ ...common, ...utm, type: 'user.registered', timestamp: at(0) }),
    anEvent({ ...common, ...utm, type: 'page.viewed', page: '/pricing', timestamp: at(2) }),
    anEvent({ ...common, type: 'course.viewed', course_id: 'course-001', timestamp: at(4) }),
    anEvent({ ...common, ...utm, type: 'course.enrolled', course_id: 'course-001', timestamp: at(6) }),
    anEvent({ ...common, type: 'lesson.started', course_id: 'course-001', lesson_id: 'l1', timestamp: at(8) }),
    anEvent({ ...common, type: 'lesson.completed', course_id: 'course-001', lesson_id: 'l1', timestamp: at(10), duration_seconds: 300 }),
    anEvent({ ...common, type: 'quiz.completed', course_id: 'course-001', quiz_id: 'quiz-1', timestamp: at(12), score: 80, passed: true }),
    anEvent({ ...common, type: 'video.progressed', course_id: 'course-001', lesson_id: 'l1', timestamp: at(13), properties: { percent: 100 } }),
    anEvent({ ...common, type: 'course.completed', course_id: 'course-001', timestamp: at(14) }),
    anEvent({ ...common, type: 'certificate.issued', course_id: 'course-001', timestamp: at(16) }),
    anEvent({
      ...common,
      type: 'practice_session.completed',
      timestamp: at(18),
      duration_seconds: 600,
      score: 70,
      properties: { scenario_id: 'patient-history', criteria: { fluency: 72 } },
    }),
    anEvent({ ...common, type: 'payment.succeeded', timestamp: at(20), amount: '49.90', currency: 'USD' }),
    anEvent({ ...common, type: 'payment.failed', timestamp: at(22), amount: '49.90', currency: 'USD' }),
    anEvent({ ...common, type: 'subscription.activated', timestamp: at(24) }),
    anEvent({ ...common, type: 'subscription.cancelled', timestamp: at(26) }),
    anEvent({ ...common, type: 'review.submitted', course_id: 'course-001', timestamp: at(28), properties: { rating: 4 } }),
  ];
}

const ENGAGEMENT =
  'courseId enrollments completions completionRate cohortCompletionRate activeLearners learningTimeSeconds averageTimeSpentSeconds averageQuizScore quizPassRate lessonCompletions';
const ENGAGEMENT_POINT = 'bucket start enrollments completions activeLearners learningTimeSeconds lessonCompletions';
const COMPANY = 'companyId activeLearners coursesCompleted learningTimeSeconds certificatesIssued';
const STEPS = 'steps { index name eventType count conversionFromStart conversionFromPrevious } overallConversion';
const FUNNEL_STEPS = '[{ eventType: "course.viewed" }, { eventType: "course.enrolled" }, { eventType: "course.completed" }]';

interface PrivacyCase {
  /** Query fields of the document (the coverage check). */
  fields: string[];
  /** The document for a company: `partner` leaves out what the token implies, `admin` names it. */
  doc(company: string, as: 'partner' | 'admin'): string;
  /** `withheld`: every figure of a 4-learner company is withheld; `open`: nothing is (no group figures). */
  expect: 'withheld' | 'open';
  /** Groups with no learners at all are withheld too (like empty days): only zeros may differ from the admin view. */
  emptyGroupsWithheld?: true;
}

/** The admin answer with null at each withheld path, each of which must hold 0 there (an empty group, not a figure). */
function withEmptyGroupsWithheld(data: unknown, paths: readonly (string | number)[][]): unknown {
  const copy = JSON.parse(JSON.stringify(data)) as Record<string | number, unknown>;
  for (const path of paths) {
    let node = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    expect({ path, value: node[last] }).toEqual({ path, value: 0 });
    node[last] = null;
  }
  return copy;
}

const opt = (company: string, as: 'partner' | 'admin') => (as === 'admin' ? `, companyId: "${company}"` : '');

const CASES: Record<string, PrivacyCase> = {
  dau: { fields: ['dau'], expect: 'withheld', doc: (c, as) => `{ dau(period: ${PERIOD}${opt(c, as)}) { date value } }` },
  activeUsers: {
    fields: ['activeUsers'],
    expect: 'withheld',
    doc: (c, as) => `{ activeUsers(period: ${PERIOD}, granularity: WEEK${opt(c, as)}) { bucket start value } }`,
  },
  activeUsersSummary: {
    fields: ['activeUsersSummary'],
    expect: 'withheld',
    doc: (c, as) => `{ activeUsersSummary(period: ${PERIOD}${opt(c, as)}) { dailyAverage weekly monthly stickiness } }`,
  },
  campaignPerformance: {
    fields: ['campaignPerformance'],
    expect: 'withheld',
    doc: (c, as) => `{ campaignPerformance(period: ${PERIOD}${opt(c, as)}) { utmSource utmMedium utmCampaign sessions users signups enrollments } }`,
  },
  companies: {
    fields: ['companies'],
    expect: 'withheld',
    doc: (c, as) => `{ companies(period: ${PERIOD}${as === 'admin' ? `, ids: ["${c}"]` : ''}) { ${COMPANY} } }`,
  },
  companyLearningSummary: {
    fields: ['companyLearningSummary'],
    expect: 'withheld',
    doc: (c) =>
      `{ companyLearningSummary(companyId: "${c}", period: ${PERIOD}, granularity: DAY) { ${COMPANY} series { bucket start activeLearners coursesCompleted learningTimeSeconds certificatesIssued } } }`,
  },
  courseEngagement: {
    fields: ['courseEngagement'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ courseEngagement(courseId: "course-001", period: ${PERIOD}${opt(c, as)}) { ${ENGAGEMENT} series(granularity: DAY) { ${ENGAGEMENT_POINT} } } }`,
  },
  courses: {
    fields: ['courses'],
    expect: 'withheld',
    // Small lists: a partner's cost budget charges every field once per item a list may return.
    doc: (c, as) =>
      `{ listed: courses(period: ${PERIOD}, limit: 2${opt(c, as)}) { id engagement { ${ENGAGEMENT.replace('cohortCompletionRate ', '')} } } named: courses(period: ${PERIOD}, ids: ["course-001"]${opt(c, as)}) { id engagement { ${ENGAGEMENT} } } }`,
  },
  eventCounts: {
    fields: ['eventCounts'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ named: eventCounts(period: ${PERIOD}, eventTypes: ["course.enrolled", "lesson.completed"]${opt(c, as)}) { bucket start eventType count } all: eventCounts(period: ${PERIOD}${opt(c, as)}) { bucket eventType count } }`,
  },
  eventMetrics: {
    fields: ['eventMetrics'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ avg: eventMetrics(eventType: "review.submitted", period: ${PERIOD}, measure: AVG, property: "properties.rating", groupBy: ["course_id"]${opt(c, as)}) { bucket start group value }
         count: eventMetrics(eventType: "lesson.completed", period: ${PERIOD}, granularity: DAY${opt(c, as)}) { bucket start group value }
         byProperty: eventMetrics(eventType: "review.submitted", period: ${PERIOD}, groupBy: ["course_id", "properties.rating"]${opt(c, as)}) { group value } }`,
  },
  funnel: {
    fields: ['funnel'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ users: funnel(steps: ${FUNNEL_STEPS}, period: ${PERIOD}, breakdownBy: PLATFORM${opt(c, as)}) { ${STEPS} breakdown { label: value ${STEPS} } }
         sessions: funnel(steps: ${FUNNEL_STEPS}, period: ${PERIOD}, countBy: SESSION, breakdownBy: COUNTRY${opt(c, as)}) { ${STEPS} breakdown { label: value ${STEPS} } } }`,
  },
  learner: {
    fields: ['learner'],
    // Decision: one learner's own metrics are not a group; a partner holding learners:read may read its own learners.
    expect: 'open',
    doc: (c, as) =>
      `{ learner(userId: "${c}-1"${opt(c, as)}) { userId metrics(period: ${PERIOD}) { practiceSessionsCompleted averageScore practiceTimeSeconds lastActiveAt coursesEnrolled coursesCompleted } } }`,
  },
  courseProgress: {
    fields: ['courseProgress'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ courseProgress(courseId: "course-001", period: ${PERIOD}${opt(c, as)}) { courseId lessons { lessonId started completed completionRate dropOffFromPrevious medianTimeSpentSeconds } } }`,
  },
  eventTypes: {
    fields: ['eventTypes'],
    expect: 'withheld',
    emptyGroupsWithheld: true,
    doc: (c, as) => `{ eventTypes(period: ${PERIOD}${opt(c, as)}) { type catalogue count } }`,
  },
  learners: {
    fields: ['learners'],
    // Like learner: a per-learner list is no group; a partner holding learners:read may read its own learners.
    expect: 'open',
    doc: (c, as) =>
      `{ learners(courseId: "course-001", asOf: "2026-03-03T00:00:00Z"${opt(c, as)}) { courseId learners { userId status progress lessonsCompleted averageQuizScore } } }`,
  },
  quizItems: {
    fields: ['quizItems'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ quizItems(courseId: "course-001", period: ${PERIOD}${opt(c, as)}) { quizId courseId attempts learners firstAttemptPassRate averageScore } }`,
  },
  practiceProgress: {
    fields: ['practiceProgress'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ practiceProgress(period: ${PERIOD}, granularity: DAY${opt(c, as)}) { sessions learners averageScore practiceTimeSeconds averageDurationSeconds
           scoreProgression { bucket sessions learners averageScore } scenarios { scenarioId sessions learners averageScore shareOfSessions progression { bucket sessions averageScore } }
           strengthAreas { criterion sessions learners averageScore } timeDistribution { fromSeconds sessions share } } }`,
  },
  practiceLearners: {
    fields: ['practiceLearners'],
    // Like learners: a per-learner list is no group; a partner holding learners:read may read its own learners.
    expect: 'open',
    doc: (c, as) =>
      `{ practiceLearners(period: ${PERIOD}${opt(c, as)}) { userId sessions averageScore firstScore lastScore practiceTimeSeconds strengthAreas { criterion averageScore } progression { bucket sessions } } }`,
  },
  videoEngagement: {
    fields: ['videoEngagement'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ videoEngagement(courseId: "course-001", period: ${PERIOD}${opt(c, as)}) { courseId lessonId plays uniqueViewers averageShareWatched completionRate } }`,
  },
  retention: {
    fields: ['retention'],
    expect: 'withheld',
    doc: (c, as) => `{ retention(period: ${PERIOD}, granularity: DAY, periods: 1${opt(c, as)}) { cohortStart size retained rates } }`,
  },
  revenue: {
    fields: ['revenue'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ revenue(period: ${PERIOD}${opt(c, as)}) { series { bucket start currency amount payments } totals { currency amount payments failedPayments } subscriptionsActivated subscriptionsCancelled } }`,
  },
  serverInfo: { fields: ['serverInfo'], expect: 'open', doc: () => '{ serverInfo { version engine database } }' },
  topContent: {
    fields: ['topContent'],
    expect: 'withheld',
    doc: (c, as) =>
      `{ courses: topContent(period: ${PERIOD}, kind: COURSE${opt(c, as)}) { kind id views uniqueViewers completions averageTimeSeconds averageScore }
         pages: topContent(period: ${PERIOD}, kind: PAGE${opt(c, as)}) { kind id views uniqueViewers completions averageTimeSeconds averageScore } }`,
  },
};

/** Fields that name a group rather than measure it: shown to everyone. */
const LABELS = new Set([
  'date',
  'bucket',
  'start',
  'companyId',
  'courseId',
  'id',
  'kind',
  'eventType',
  'name',
  'index',
  'label',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'currency',
  'group',
  'cohortStart',
  'lessonId',
  'quizId',
  'type',
  'catalogue',
  'scenarioId',
  'criterion',
  'fromSeconds',
]);

describe('privacy threshold of partner views (k = 5)', () => {
  let engine: TestEngine;
  let t: TestServer;
  const tokens: Record<string, string> = {};
  const as = async (who: string, query: string): Promise<Gql> => (await t.graphql(query, undefined, { authorization: `Bearer ${tokens[who]}` })) as Gql;

  beforeAll(async () => {
    engine = await migratedEngine('privacy', { rateLimitPerMinute: 0 });
    t = await startTestServer(engine);
    const events = [1, 2, 3, 4].flatMap((n) => learnerDay('small', n)).concat([1, 2, 3, 4, 5].flatMap((n) => learnerDay('large', n)));
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: events.length, rejected: 0 });
    tokens.admin = t.adminToken;
    tokens.analyst = await tokenFor('analyst');
    // learners:read so the learner case can compare: without it learner() is FORBIDDEN (learner.test.ts).
    tokens.small = await tokenFor('partner', 'small', ['learners:read']);
    tokens.large = await tokenFor('partner', 'large', ['learners:read']);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  it('has a case for every query field (a new field must decide what its groups are)', () => {
    expect(
      Object.values(CASES)
        .flatMap((c) => c.fields)
        .sort(),
    ).toEqual(queryFieldNames());
  });

  describe.each(Object.entries(CASES))('%s', (_name, c) => {
    it('a company with 4 learners: its partner gets every figure withheld, with the reason in extensions', async () => {
      const [partner, admin] = await Promise.all([as('small', c.doc('small', 'partner')), as('admin', c.doc('small', 'admin'))]);
      expect(partner.errors).toBeUndefined();
      expect(admin.errors).toBeUndefined();
      expect(admin.extensions?.privacy).toBeUndefined();
      const comparison = compareWithheld(partner.data, admin.data, partner.extensions?.privacy?.paths ?? [], partner.extensions?.privacy?.withheldGroups);
      expect(comparison.problems).toEqual([]);
      if (c.expect === 'open') {
        expect(partner.extensions?.privacy).toBeUndefined();
        expect(partner.data).toEqual(admin.data);
        return;
      }
      expect(partner.extensions?.privacy).toEqual({
        code: 'SUPPRESSED',
        reason: expect.stringMatching(/^fewer than 5 distinct learners/),
        minLearners: 5,
        paths: expect.any(Array),
        ...(partner.extensions?.privacy?.withheldGroups ? { withheldGroups: expect.any(Array) } : {}),
      });
      expect(comparison.withheld.length).toBeGreaterThan(0);
      // Nothing but labels is left: no figure about the 4 learners reaches their partner.
      expect(comparison.shown.filter((s) => !LABELS.has(s.field)).map((s) => s.path.join('.'))).toEqual([]);
      // ... while the admin sees real numbers (the test can fail).
      expect(JSON.stringify(admin.data)).toMatch(/:[1-9]/);
    });

    it('a company with 5 learners: its partner gets exactly the admin figures, nothing withheld', async () => {
      const [partner, admin] = await Promise.all([as('large', c.doc('large', 'partner')), as('admin', c.doc('large', 'admin'))]);
      expect(partner.errors).toBeUndefined();
      if (c.emptyGroupsWithheld) {
        expect(partner.data).toEqual(withEmptyGroupsWithheld(admin.data, partner.extensions?.privacy?.paths ?? []));
        return;
      }
      expect(partner.extensions?.privacy).toBeUndefined();
      expect(partner.data).toEqual(admin.data);
    });
  });

  it('admin and analyst are never thresholded', async () => {
    for (const who of ['admin', 'analyst']) {
      const res = await as(
        who,
        `{ dau(period: ${PERIOD}, companyId: "small") { value } companyLearningSummary(companyId: "small", period: ${PERIOD}) { activeLearners } }`,
      );
      expect(res.extensions?.privacy).toBeUndefined();
      expect(res.data).toEqual({ dau: [{ value: 4 }], companyLearningSummary: { activeLearners: 4 } });
    }
  });

  it('lists each withheld figure by its response path, aliases included; empty days are withheld too', async () => {
    const res = await as(
      'large',
      `{ days: dau(period: { from: "2026-03-01", to: "2026-03-04" }) { date value } c: courseEngagement(courseId: "course-001", period: ${PERIOD}) { n: enrollments } }`,
    );
    expect(res.data).toEqual({
      days: [
        { date: '2026-03-01', value: null },
        { date: '2026-03-02', value: 5 },
        { date: '2026-03-03', value: null },
      ],
      c: { n: 5 },
    });
    expect(res.extensions?.privacy?.paths).toEqual([
      ['days', 0, 'value'],
      ['days', 2, 'value'],
    ]);
  });

  it('withholds items of a list one by one (retention cells) and the comparison period separately', async () => {
    const res = await as(
      'large',
      `{ retention(period: ${PERIOD}, granularity: DAY, periods: 3) { size retained rates } activeUsersSummary(period: ${PERIOD}, compareTo: PREVIOUS_PERIOD) { weekly comparison { weekly monthly } } }`,
    );
    expect(res.data).toEqual({
      retention: [{ size: 5, retained: [5, null, null], rates: [1, null, null] }],
      activeUsersSummary: { weekly: 5, comparison: { weekly: null, monthly: null } },
    });
    expect(res.extensions?.privacy?.paths).toEqual([
      ['activeUsersSummary', 'comparison', 'monthly'],
      ['activeUsersSummary', 'comparison', 'weekly'],
      ['retention', 0, 'rates', 1],
      ['retention', 0, 'rates', 2],
      ['retention', 0, 'retained', 1],
      ['retention', 0, 'retained', 2],
    ]);
  });

  it('a withheld eventMetrics row is absent, labels included (they can name a person); the response says how many were left out', async () => {
    const res = await as(
      'small',
      `{ eventMetrics(eventType: "review.submitted", period: ${PERIOD}, groupBy: ["course_id", "properties.rating"]) { group value } }`,
    );
    expect(res.data).toEqual({ eventMetrics: [] });
    expect(res.extensions?.privacy).toMatchObject({ paths: [], withheldGroups: [{ path: ['eventMetrics'], groups: 1 }] });
  });

  it('reports per operation in a batched request', async () => {
    const res = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.small}` },
      body: JSON.stringify([
        { query: `{ dau(period: ${PERIOD}) { value } }` },
        { query: '{ serverInfo { engine } }' },
        { query: `{ d: dau(period: ${PERIOD}) { value } }` },
      ]),
    });
    const body = (await res.json()) as Gql[];
    expect(body.map((r) => r.extensions?.privacy?.paths)).toEqual([[['dau', 0, 'value']], undefined, [['d', 0, 'value']]]);
  });

  it('counts learners for partners only: admin queries run no extra query and no extra column', async () => {
    const seen: QueryEvent[] = [];
    const off = engine.db.onQuery((e) => seen.push(e));
    try {
      const doc = (who: string) =>
        `{ revenue(period: ${PERIOD}${who === 'admin' ? ', companyId: "large"' : ''}) { totals { amount } } eventMetrics(eventType: "lesson.completed", period: ${PERIOD}${who === 'admin' ? ', companyId: "large"' : ''}) { value } }`;
      await as('admin', doc('admin'));
      const admin = seen.splice(0);
      await as('large', doc('large'));
      const partner = seen.splice(0);
      expect(admin.map((e) => e.operation)).not.toContain('metrics.revenue.learners');
      expect(admin.some((e) => /learners/.test(e.query))).toBe(false);
      expect(partner.map((e) => e.operation).sort()).toEqual([...admin.map((e) => e.operation), 'metrics.revenue.learners'].sort());
    } finally {
      off();
    }
  });

  describe('k is configurable (PRIVACY_MIN_LEARNERS)', () => {
    it('reads the environment: default 5, 0 turns it off', () => {
      expect(loadConfig({}).privacyMinLearners).toBe(5);
      expect(loadConfig({ PRIVACY_MIN_LEARNERS: '3' }).privacyMinLearners).toBe(3);
      expect(() => loadConfig({ PRIVACY_MIN_LEARNERS: 'five' })).toThrow(/PRIVACY_MIN_LEARNERS/);
    });

    it.each([
      [4, { value: 4 }, undefined],
      [0, { value: 4 }, undefined],
      [10, { value: null }, 'fewer than 10 distinct learners'],
    ])('k = %s', async (k, day, reason) => {
      let server: RunningServer | undefined;
      try {
        server = await startServer(createServices(engine.db, { ...engine.config, privacyMinLearners: k, rateLimitPerMinute: 0 }), 0);
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.small}` },
          body: JSON.stringify({ query: `{ dau(period: ${PERIOD}) { value } }` }),
        });
        const body = (await res.json()) as Gql;
        expect(body.data).toEqual({ dau: [day] });
        if (reason) expect(body.extensions?.privacy).toMatchObject({ minLearners: k, reason: expect.stringContaining(reason) });
        else expect(body.extensions?.privacy).toBeUndefined();
      } finally {
        await server?.stop();
      }
    });
  });
});
