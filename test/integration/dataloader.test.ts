import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

const N = 50;
const pad = (k: number) => String(k).padStart(2, '0');
const courseIds = (n: number) => Array.from({ length: n }, (_, i) => `c-${pad(i + 1)}`);
const companyIds = (n: number) => Array.from({ length: n }, (_, i) => `co-${pad(i + 1)}`);
const PERIOD = '{ from: "2026-03-01", to: "2026-03-05" }';

/**
 * Query counting per request: every statement reaches ClickHouse through `db`, so the listener
 * sees the whole request (the test server shares the engine's `db`).
 */
describe('per-request DataLoaders batch one query per filter', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('dataloader');
    t = await startTestServer(engine);
    // Course c-k has k enrollments by k learners of company co-k, so a mixed-up batch shows.
    const events = [];
    for (let k = 1; k <= N; k += 1) {
      for (let j = 1; j <= k; j += 1) {
        events.push(
          anEvent({ type: 'course.enrolled', course_id: `c-${pad(k)}`, company_id: `co-${pad(k)}`, user_id: `u-${k}-${j}`, timestamp: '2026-03-02T10:00:00Z' }),
        );
      }
    }
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  /** Runs one GraphQL request and returns the operation names of every ClickHouse statement it issued. */
  const operationsOf = async <T>(query: string): Promise<{ data: T; operations: string[] }> => {
    const operations: string[] = [];
    const unsubscribe = engine.db.onQuery((e) => operations.push(e.operation));
    try {
      const res = await t.graphql<T>(query);
      expect(res.errors).toBeUndefined();
      return { data: res.data!, operations: operations.sort() };
    } finally {
      unsubscribe();
    }
  };

  it.each([1, 10, 50])('courses with %i ids: one engagement query, nothing else', async (n) => {
    const { data, operations } = await operationsOf<{
      courses: { id: string; engagement: { courseId: string; enrollments: number; activeLearners: number } }[];
    }>(
      `{ courses(period: ${PERIOD}, ids: ${JSON.stringify(courseIds(n))}) { id engagement { courseId enrollments activeLearners completionRate quizPassRate } } }`,
    );
    expect(operations).toEqual(['metrics.course_engagement.totals']);
    expect(data.courses.map((c) => `${c.id}:${c.engagement.courseId}:${c.engagement.enrollments}:${c.engagement.activeLearners}`)).toEqual(
      courseIds(n).map((id, i) => `${id}:${id}:${i + 1}:${i + 1}`),
    );
  });

  it('courses with 50 ids asking cohortCompletionRate and series: one query of each kind', async () => {
    const { data, operations } = await operationsOf<{
      courses: { engagement: { enrollments: number; cohortCompletionRate: number; series: { enrollments: number }[] } }[];
    }>(`{ courses(period: ${PERIOD}, ids: ${JSON.stringify(courseIds(N))}) { engagement { enrollments cohortCompletionRate series { enrollments } } } }`);
    expect(operations).toEqual(['metrics.course_engagement.cohort', 'metrics.course_engagement.per_bucket', 'metrics.course_engagement.totals']);
    expect(data.courses[49].engagement).toEqual({
      enrollments: 50,
      cohortCompletionRate: 0,
      series: [{ enrollments: 0 }, { enrollments: 50 }, { enrollments: 0 }, { enrollments: 0 }],
    });
  });

  it('courses without ids: the listing query plus one engagement query', async () => {
    const { data, operations } = await operationsOf<{ courses: { id: string; engagement: { enrollments: number } }[] }>(
      `{ courses(period: ${PERIOD}, limit: 50) { id engagement { enrollments } } }`,
    );
    expect(operations).toEqual(['metrics.course_engagement.list', 'metrics.course_engagement.totals']);
    expect(data.courses).toHaveLength(50);
    expect(data.courses[0]).toEqual({ id: 'c-50', engagement: { enrollments: 50 } });
  });

  it('courseEngagement aliases batch per period and company', async () => {
    const alias = (name: string, id: string, extra = '') => `${name}: courseEngagement(courseId: "${id}", period: ${PERIOD}${extra}) { enrollments }`;
    const same = await operationsOf<Record<string, { enrollments: number }>>(`{ ${alias('a', 'c-01')} ${alias('b', 'c-02')} ${alias('c', 'c-50')} }`);
    expect(same.operations).toEqual(['metrics.course_engagement.totals']);
    expect(same.data).toEqual({ a: { enrollments: 1 }, b: { enrollments: 2 }, c: { enrollments: 50 } });
    const twoScopes = await operationsOf<Record<string, { enrollments: number }>>(`{ ${alias('a', 'c-02')} ${alias('b', 'c-02', ', companyId: "co-01"')} }`);
    expect(twoScopes.operations).toEqual(['metrics.course_engagement.totals', 'metrics.course_engagement.totals']);
    expect(twoScopes.data).toEqual({ a: { enrollments: 2 }, b: { enrollments: 0 } });
  });

  it.each([1, 10, 50])('companies with %i ids: one query, nothing else', async (n) => {
    const { data, operations } = await operationsOf<{ companies: { companyId: string; activeLearners: number }[] }>(
      `{ companies(period: ${PERIOD}, ids: ${JSON.stringify(companyIds(n))}) { companyId activeLearners coursesCompleted series { bucket } } }`,
    );
    expect(operations).toEqual(['metrics.company_learning.totals']);
    expect(data.companies.map((c) => `${c.companyId}:${c.activeLearners}`)).toEqual(companyIds(n).map((id, i) => `${id}:${i + 1}`));
  });

  it('companies without ids: the listing query plus one query for all of them', async () => {
    const { data, operations } = await operationsOf<{ companies: { companyId: string; activeLearners: number }[] }>(
      `{ companies(period: ${PERIOD}) { companyId activeLearners } }`,
    );
    expect(operations).toEqual(['metrics.company_learning.list', 'metrics.company_learning.totals']);
    expect(data.companies).toHaveLength(50);
    expect(data.companies[0]).toEqual({ companyId: 'co-50', activeLearners: 50 });
  });

  it('companyLearningSummary aliases: each company is its own tenant scope, so its own queries', async () => {
    const alias = (name: string, id: string) =>
      `${name}: companyLearningSummary(companyId: "${id}", period: ${PERIOD}, granularity: DAY) { activeLearners series { activeLearners } }`;
    const { data, operations } = await operationsOf<Record<string, { activeLearners: number; series: unknown[] }>>(
      `{ ${alias('a', 'co-03')} ${alias('b', 'co-04')} }`,
    );
    expect(operations).toEqual([
      'metrics.company_learning.per_bucket',
      'metrics.company_learning.per_bucket',
      'metrics.company_learning.totals',
      'metrics.company_learning.totals',
    ]);
    expect(data.a).toMatchObject({ activeLearners: 3, series: [{ activeLearners: 0 }, { activeLearners: 3 }, { activeLearners: 0 }, { activeLearners: 0 }] });
  });

  it('does not cache across requests', async () => {
    const query = `{ courses(period: ${PERIOD}, ids: ["c-01"]) { engagement { enrollments } } }`;
    expect((await operationsOf(query)).operations).toEqual(['metrics.course_engagement.totals']);
    expect((await operationsOf(query)).operations).toEqual(['metrics.course_engagement.totals']);
  });
});
