import type { GraphQLArgument } from 'graphql';
import { createServices } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { generateEvents } from '../../src/generator';
import { buildGraphQLSchema } from '../../src/graphql/build-schema';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import { compareWithheld, queryFieldNames, type PrivacyExtension } from '../helpers/withheld';

/**
 * The cross-tenant matrix: for EVERY query field, a partner token of company A tries to read
 * company B through arguments, variables (and variable defaults), aliases, named and inline
 * fragments, batched HTTP operations and id lists. Every answer must be FORBIDDEN or exactly
 * A's own numbers, as an admin token computes them with companyId: A; and the admin's A answer
 * must differ from the all-companies answer, so each comparison can fail.
 *
 * The main server runs with the privacy threshold off (PRIVACY_MIN_LEARNERS=0) so the numbers
 * compare exactly; a second server with the default threshold checks that the partner's own
 * answer is A's numbers with some figures withheld, never anyone else's.
 */

const A = 'company-01';
const B = 'company-02';
const PERIOD = '{ from: "2026-03-01", to: "2026-03-15" }';
const STEPS = '[{ eventType: "course.viewed" }, { eventType: "course.enrolled" }, { eventType: "lesson.completed" }]';

type GqlError = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> };
type Gql = { status: number; data?: Record<string, unknown> | null; errors?: GqlError[]; extensions?: { privacy?: PrivacyExtension } };

/** How a field names the company it reads. */
type CompanyArgument =
  | 'optional' // companyId: ID (absent = all for admin, own for a partner)
  | 'required' // companyId: ID!
  | 'ids' // ids: [ID!] (companies)
  | 'none'; // no company at all (serverInfo)

interface Variant {
  /** Arguments other than the company, as GraphQL text. */
  args: string;
  selection: string;
  /** False when A's answer is everyone's answer by construction (an A-only learner). */
  differs?: boolean;
}

interface TenancyCase {
  company: CompanyArgument;
  variants: Variant[];
}

const CASES: Record<string, TenancyCase> = {
  activeUsers: { company: 'optional', variants: [{ args: `period: ${PERIOD}, granularity: DAY`, selection: '{ bucket start value }' }] },
  activeUsersSummary: {
    company: 'optional',
    variants: [
      {
        args: `period: ${PERIOD}, compareTo: PREVIOUS_PERIOD`,
        selection: '{ dailyAverage weekly monthly stickiness comparison { dailyAverage weekly monthly } }',
      },
    ],
  },
  campaignPerformance: {
    company: 'optional',
    variants: [{ args: `period: ${PERIOD}, limit: 20`, selection: '{ utmSource utmMedium utmCampaign sessions users signups enrollments }' }],
  },
  companies: {
    company: 'ids',
    variants: [{ args: `period: ${PERIOD}`, selection: '{ companyId activeLearners coursesCompleted learningTimeSeconds certificatesIssued }' }],
  },
  companyLearningSummary: {
    company: 'required',
    variants: [
      {
        args: `period: ${PERIOD}, granularity: WEEK`,
        selection: '{ companyId activeLearners coursesCompleted learningTimeSeconds certificatesIssued series { bucket activeLearners learningTimeSeconds } }',
      },
    ],
  },
  courseEngagement: {
    company: 'optional',
    variants: [
      {
        args: `courseId: "course-001", period: ${PERIOD}`,
        selection:
          '{ courseId enrollments completions activeLearners learningTimeSeconds lessonCompletions completionRate cohortCompletionRate series(granularity: WEEK) { bucket enrollments activeLearners } }',
      },
      // A course only B's learners took: A's answer is all zeros.
      { args: `courseId: "course-b-only", period: ${PERIOD}`, selection: '{ courseId enrollments activeLearners lessonCompletions cohortCompletionRate }' },
    ],
  },
  courseProgress: {
    company: 'optional',
    variants: [
      {
        args: `courseId: "course-001", period: ${PERIOD}`,
        selection:
          '{ courseId lessons { lessonId started completed dropOffFromPrevious medianTimeSpentSeconds } largestDropOff { lessonId } progressDistribution { learners deciles { learners } } enrollmentCohort { enrolled startedALesson completedALesson completedCourse } }',
      },
      { args: `courseId: "course-b-only", period: ${PERIOD}`, selection: '{ lessons { lessonId started } enrollmentCohort { enrolled } }' },
    ],
  },
  courses: {
    company: 'optional',
    variants: [
      {
        args: `period: ${PERIOD}, limit: 10, orderBy: COURSE_ID_ASC`,
        selection: '{ id engagement { enrollments completions activeLearners learningTimeSeconds } }',
      },
      {
        args: `period: ${PERIOD}, ids: ["course-b-only", "course-001"]`,
        selection: '{ id engagement { enrollments completions activeLearners lessonCompletions } }',
      },
    ],
  },
  dau: {
    company: 'optional',
    variants: [
      { args: `period: ${PERIOD}`, selection: '{ date value }' },
      { args: `period: ${PERIOD}, platform: "android"`, selection: '{ date value }' },
    ],
  },
  eventCounts: {
    company: 'optional',
    variants: [
      {
        args: `period: ${PERIOD}, granularity: WEEK, eventTypes: ["course.enrolled", "lesson.completed", "payment.succeeded"]`,
        selection: '{ bucket eventType count }',
      },
    ],
  },
  eventMetrics: {
    company: 'optional',
    variants: [
      // groupBy company_id: a partner's rows can only ever be its own company's.
      { args: `eventType: "lesson.completed", period: ${PERIOD}, groupBy: ["company_id"]`, selection: '{ group value }' },
      {
        args: `eventType: "lesson.completed", period: ${PERIOD}, measure: UNIQUE_USERS, groupBy: ["course_id", "company_id"], granularity: WEEK`,
        selection: '{ bucket group value }',
      },
    ],
  },
  eventTypes: {
    company: 'optional',
    variants: [
      { args: `period: ${PERIOD}`, selection: '{ type catalogue count }' },
      { args: '', selection: '{ type count }' },
    ],
  },
  funnel: {
    company: 'optional',
    variants: [
      { args: `steps: ${STEPS}, period: ${PERIOD}`, selection: '{ steps { count conversionFromStart } overallConversion }' },
      {
        args: `steps: ${STEPS}, period: ${PERIOD}, breakdownBy: COMPANY`,
        selection: '{ steps { count } breakdown { value steps { count } overallConversion } }',
      },
      {
        args: `steps: ${STEPS}, period: ${PERIOD}, countBy: SESSION, breakdownBy: COMPANY`,
        selection: '{ steps { count } breakdown { value steps { count } } }',
      },
    ],
  },
  learners: {
    company: 'optional',
    variants: [
      {
        args: 'courseId: "course-001", asOf: "2026-03-15T00:00:00Z", limit: 500',
        selection:
          '{ courseId lessonCount passThreshold counts { onTrack atRisk inactive completed } learners { userId status progress lastActivityAt averageQuizScore } }',
      },
      { args: 'courseId: "course-b-only", asOf: "2026-03-15T00:00:00Z", status: AT_RISK', selection: '{ counts { atRisk onTrack } learners { userId } }' },
    ],
  },
  learner: {
    company: 'optional',
    variants: [
      {
        args: 'userId: "a-learner"',
        selection: `{ userId metrics(period: ${PERIOD}) { practiceSessionsCompleted practiceTimeSeconds coursesEnrolled coursesCompleted lastActiveAt } }`,
        differs: false,
      },
      // A learner of B, and a solo learner: for A's partner they do not exist (null).
      { args: 'userId: "b-learner"', selection: `{ userId metrics(period: ${PERIOD}) { practiceSessionsCompleted coursesEnrolled lastActiveAt } }` },
      { args: 'userId: "solo-learner"', selection: `{ userId metrics(period: ${PERIOD}) { coursesEnrolled lastActiveAt } }` },
    ],
  },
  retention: {
    company: 'optional',
    variants: [
      { args: `period: ${PERIOD}, granularity: WEEK, periods: 2, cohortEventType: "course.enrolled"`, selection: '{ cohortStart size retained rates }' },
    ],
  },
  revenue: {
    company: 'optional',
    variants: [
      {
        args: `period: ${PERIOD}, granularity: WEEK`,
        selection:
          '{ series { bucket currency amount payments } totals { currency amount payments failedPayments } subscriptionsActivated subscriptionsCancelled }',
      },
    ],
  },
  serverInfo: { company: 'none', variants: [{ args: '', selection: '{ version engine database }', differs: false }] },
  quizItems: {
    company: 'optional',
    variants: [
      {
        args: `period: ${PERIOD}, courseId: "course-items"`,
        selection:
          '{ quizId courseId attempts learners firstAttemptPassRate meanAttemptsUntilPass averageScore scoreHistogram questions { questionId answers learners shareCorrect mostChosenWrongAnswer mostChosenWrongAnswerShare } }',
      },
    ],
  },
  practiceProgress: {
    company: 'optional',
    variants: [
      {
        // One part per variant: each part costs RAW_QUERY (534b24b), and a batch of three
        // operations adds up, so one part (50 points) is what fits the partner budget of 200.
        args: `period: ${PERIOD}, granularity: DAY`,
        selection: '{ sessions learners averageScore practiceTimeSeconds scoreProgression { bucket sessions learners averageScore } }',
      },
      {
        args: `period: ${PERIOD}, granularity: DAY`,
        selection: '{ sessions scenarios { scenarioId sessions learners averageScore shareOfSessions progression { bucket sessions } } }',
      },
      { args: `period: ${PERIOD}, granularity: DAY`, selection: '{ sessions strengthAreas { criterion sessions learners averageScore } }' },
      { args: `period: ${PERIOD}, granularity: DAY`, selection: '{ sessions timeDistribution { fromSeconds sessions share } }' },
    ],
  },
  practiceLearners: {
    company: 'optional',
    variants: [
      {
        args: `period: ${PERIOD}, limit: 1000`,
        selection:
          '{ userId sessions averageScore firstScore lastScore practiceTimeSeconds strengthAreas { criterion averageScore } progression { bucket sessions } }',
      },
      { args: `period: ${PERIOD}, userId: "b-learner"`, selection: '{ userId sessions }' },
    ],
  },
  videoEngagement: {
    company: 'optional',
    variants: [
      {
        args: `period: ${PERIOD}, courseId: "course-items"`,
        selection: '{ lessonId courseId plays uniqueViewers averageShareWatched completions completionRate viewersRemaining }',
      },
    ],
  },
  topContent: {
    company: 'optional',
    variants: [
      { args: `period: ${PERIOD}, kind: COURSE`, selection: '{ kind id views uniqueViewers completions averageTimeSeconds }' },
      { args: `period: ${PERIOD}, kind: PAGE, limit: 20`, selection: '{ id views uniqueViewers }' },
    ],
  },
};

/** `field(args, <company>) selection`; `company` is GraphQL text (a literal or a $variable) or null. */
function call(field: string, c: TenancyCase, v: Variant, company: string | null): string {
  const companyArg = company === null ? '' : c.company === 'ids' ? `ids: ${company}` : `companyId: ${company}`;
  const args = [v.args, companyArg].filter(Boolean).join(', ');
  return `${field}${args ? `(${args})` : ''} ${v.selection}`;
}

const literal = (c: TenancyCase, ...ids: string[]) => (c.company === 'ids' ? JSON.stringify(ids) : JSON.stringify(ids[0]));
const variableType = (c: TenancyCase) => (c.company === 'ids' ? '[ID!]' : c.company === 'required' ? 'ID!' : 'ID');
const variableValue = (c: TenancyCase, ...ids: string[]) => (c.company === 'ids' ? ids : ids[0]);

describe('cross-tenant matrix: a partner of A never reads B', () => {
  let engine: TestEngine;
  let t: TestServer;
  let thresholded: RunningServer;
  let adminToken: string;
  let partnerToken: string;

  const post = async (url: string, token: string, body: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: res.status, body: text };
    }
  };
  const ask = async (token: string, query: string, variables?: Record<string, unknown>, url = t.server.url): Promise<Gql> => {
    const res = await post(url, token, { query, variables });
    return { status: res.status, ...(res.body as object) };
  };
  const asAdmin = async (query: string) => {
    const res = await ask(adminToken, query);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  /** FORBIDDEN and nothing else: every error is FORBIDDEN and no field carries data. */
  const expectForbidden = (res: Gql) => {
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors!.map((e) => e.extensions?.code)).toEqual(res.errors!.map(() => 'FORBIDDEN'));
    if (res.data) expect(Object.values(res.data).every((v) => v === null)).toBe(true);
  };

  beforeAll(async () => {
    engine = await migratedEngine('tenancy', { privacyMinLearners: 0, rateLimitPerMinute: 0 });
    t = await startTestServer(engine);
    thresholded = await startServer(createServices(engine.db, { ...engine.config, privacyMinLearners: 5 }), 0);
    adminToken = t.adminToken;
    partnerToken = await tokenFor('partner', A, ['learners:read']);
    const generated = [...generateEvents({ events: 4000, companies: 2, learners: 80, courses: 4, days: 14, seed: 7, end: new Date('2026-03-15T00:00:00Z') })];
    expect(new Set(generated.map((e) => e.company_id))).toEqual(new Set([A, B, '']));
    // Known ids on each side: a course only B took, one learner of each company, a solo learner, payments of both.
    const at = (day: number, hour: number) => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const extra = [
      anEvent({ type: 'course.enrolled', user_id: 'b-learner', company_id: B, course_id: 'course-b-only', timestamp: at(3, 9) }),
      anEvent({ type: 'lesson.completed', user_id: 'b-learner', company_id: B, course_id: 'course-b-only', lesson_id: 'b-l1', timestamp: at(3, 10) }),
      anEvent({ type: 'practice_session.completed', user_id: 'b-learner', company_id: B, timestamp: at(4, 10) }),
      anEvent({ type: 'payment.succeeded', user_id: 'b-learner', company_id: B, amount: '99.00', currency: 'EUR', timestamp: at(5, 10) }),
      anEvent({ type: 'course.enrolled', user_id: 'a-learner', company_id: A, course_id: 'course-001', timestamp: at(3, 9) }),
      anEvent({ type: 'practice_session.completed', user_id: 'a-learner', company_id: A, timestamp: at(4, 10) }),
      anEvent({ type: 'payment.succeeded', user_id: 'a-learner', company_id: A, amount: '10.00', currency: 'EUR', timestamp: at(5, 10) }),
      anEvent({ type: 'subscription.activated', user_id: 'a-learner', company_id: A, timestamp: at(5, 11) }),
      anEvent({ type: 'course.enrolled', user_id: 'solo-learner', course_id: 'course-001', timestamp: at(6, 9) }),
      // Quiz answers and video progress of both companies in one course.
      ...[A, B].map((company, i) =>
        anEvent({
          type: 'quiz.completed',
          user_id: `${company}-quiz-taker`,
          company_id: company,
          course_id: 'course-items',
          quiz_id: 'quiz-items',
          score: 40 + 40 * i,
          passed: i === 1,
          properties: { answers: [{ question_id: 'q1', answer: i === 0 ? 'b' : 'a', correct: i === 1 }] },
          timestamp: at(7, 9),
        }),
      ),
      ...[A, B].map((company, i) =>
        anEvent({
          type: 'video.progressed',
          user_id: `${company}-viewer`,
          company_id: company,
          course_id: 'course-items',
          lesson_id: 'video-items',
          properties: { percent: 25 + 50 * i },
          timestamp: at(7, 10),
        }),
      ),
    ];
    const res = await t.postEvents(toNdjson([...generated, ...extra]));
    expect(res.json).toMatchObject({ accepted: generated.length + extra.length, rejected: 0 });
  });
  afterAll(async () => {
    await thresholded?.stop();
    await t.server.stop();
    await engine.dispose();
  });

  it('has a case for every query field, and each case matches how the field names a company', () => {
    expect(Object.keys(CASES).sort()).toEqual(queryFieldNames());
    const fields = buildGraphQLSchema().getQueryType()!.getFields();
    const arg = (field: string, name: string): GraphQLArgument | undefined => fields[field].args.find((a) => a.name === name);
    for (const [field, c] of Object.entries(CASES)) {
      const expected = { optional: ['companyId', 'ID'], required: ['companyId', 'ID!'], ids: ['ids', '[ID!]'], none: null }[c.company];
      if (expected === null) {
        // A field without a company may take no argument that could name one.
        expect([field, fields[field].args.map((a) => a.name)]).toEqual([field, []]);
      } else {
        expect([field, arg(field, expected[0])?.type.toString()]).toEqual([field, expected[1]]);
      }
      // Only companies takes ids of companies; any other "companyId"-like argument needs a case here.
      expect([
        field,
        fields[field].args.map((a) => a.name).filter((n) => /compan/i.test(n) && n !== 'companyId' && !(field === 'companies' && n === 'ids')),
      ]).toEqual([field, []]);
    }
  });

  const rows = Object.entries(CASES).flatMap(([field, c]) => c.variants.map((v, i) => [`${field} #${i + 1}`, field, c, v] as const));

  describe.each(rows)('%s', (_label, field, c, v) => {
    /** What admin computes for A alone (the reference), and for everyone. */
    let ownA: unknown;
    beforeAll(async () => {
      ownA = (await asAdmin(`{ ${call(field, c, v, c.company === 'none' ? null : literal(c, A))} }`))[field];
    });

    it("without a company a partner gets exactly A's numbers, which are not everyone's", async () => {
      // companyLearningSummary cannot leave the company out: the partner names its own.
      const res = await ask(partnerToken, `{ ${call(field, c, v, c.company === 'required' ? literal(c, A) : null)} }`);
      expect(res.errors).toBeUndefined();
      expect(res.data![field]).toEqual(ownA);
      if (v.differs === false) return;
      const other = c.company === 'required' ? literal(c, B) : null;
      const everyone = (await asAdmin(`{ ${call(field, c, v, other)} }`))[field];
      expect(everyone).not.toEqual(ownA);
    });

    if (c.company === 'none') {
      it('has nothing to cross: the same answer for partner and admin, in a batch too', async () => {
        const res = await post(t.server.url, partnerToken, [{ query: `{ ${call(field, c, v, null)} }` }, { query: `{ ${call(field, c, v, null)} }` }]);
        if (Array.isArray(res.body)) for (const r of res.body as Gql[]) expect(r.data?.[field]).toEqual(ownA);
        else expect(res.status).toBeGreaterThanOrEqual(400);
      });
      return;
    }

    it("naming A explicitly is A's numbers", async () => {
      const res = await ask(partnerToken, `{ ${call(field, c, v, literal(c, A))} }`);
      expect(res.errors).toBeUndefined();
      expect(res.data![field]).toEqual(ownA);
    });

    it('B as an argument, a variable, a variable default, in a named or inline fragment: FORBIDDEN', async () => {
      const type = variableType(c);
      const attempts: [string, Record<string, unknown> | undefined][] = [
        [`{ ${call(field, c, v, literal(c, B))} }`, undefined],
        [`query Q($c: ${type}) { ${call(field, c, v, '$c')} }`, { c: variableValue(c, B) }],
        [`query Q($c: ${type.replace(/!$/, '')} = ${literal(c, B)}) { ${call(field, c, v, '$c')} }`, undefined],
        [`query Q { ...F } fragment F on Query { ${call(field, c, v, literal(c, B))} }`, undefined],
        [`query Q($c: ${type}) { ... on Query { ${call(field, c, v, '$c')} } }`, { c: variableValue(c, B) }],
        [`query Q($c: ${type}) { ...F } fragment F on Query { ... on Query { ${call(field, c, v, '$c')} } }`, { c: variableValue(c, B) }],
      ];
      if (c.company === 'ids') {
        // A list naming A and B, or B twice: the whole field is refused, not filtered.
        attempts.push([`{ ${call(field, c, v, literal(c, A, B))} }`, undefined], [`{ ${call(field, c, v, literal(c, B, A))} }`, undefined]);
        attempts.push([`query Q($c: [ID!]) { ${call(field, c, v, '$c')} }`, { c: [A, B] }]);
      }
      for (const [query, variables] of attempts) {
        const res = await ask(partnerToken, query, variables);
        try {
          expectForbidden(res);
        } catch (error) {
          throw new Error(`${query} ${JSON.stringify(variables ?? {})} -> ${JSON.stringify(res).slice(0, 600)}\n${(error as Error).message}`, { cause: error });
        }
      }
    });

    it("aliases for A and B in one document: FORBIDDEN for B, and A's numbers (if any survive) are A's", async () => {
      const res = await ask(partnerToken, `{ mine: ${call(field, c, v, literal(c, A))} theirs: ${call(field, c, v, literal(c, B))} }`);
      expect(res.errors?.map((e) => [e.extensions?.code, e.path?.[0]])).toEqual([['FORBIDDEN', 'theirs']]);
      // A non-null field that fails nulls the whole data; a nullable one (learner) only itself.
      if (res.data) expect(res.data).toEqual({ mine: ownA, theirs: null });
    });

    it("a batched HTTP request: each operation is FORBIDDEN or A's numbers (or the batch is refused)", async () => {
      const res = await post(t.server.url, partnerToken, [
        { query: `{ ${call(field, c, v, c.company === 'required' ? literal(c, A) : null)} }` },
        { query: `{ ${call(field, c, v, literal(c, B))} }` },
        { query: `query Q($c: ${variableType(c)}) { ${call(field, c, v, '$c')} }`, variables: { c: variableValue(c, B) } },
      ]);
      if (!Array.isArray(res.body)) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(JSON.stringify(res.body)).not.toMatch(/"data":\{/);
        return;
      }
      const [own, ...others] = res.body as Gql[];
      expect(own.errors).toBeUndefined();
      expect(own.data![field]).toEqual(ownA);
      for (const other of others) expectForbidden(other);
    });

    it("with the privacy threshold on, the partner still gets A's numbers, some withheld, never anyone else's", async () => {
      const res = await ask(partnerToken, `{ ${call(field, c, v, c.company === 'required' ? literal(c, A) : null)} }`, undefined, thresholded.url);
      expect(res.errors).toBeUndefined();
      const comparison = compareWithheld(res.data, { [field]: ownA }, res.extensions?.privacy?.paths ?? [], res.extensions?.privacy?.withheldGroups);
      expect(comparison.problems).toEqual([]);
    });
  });
});
