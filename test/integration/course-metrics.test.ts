import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

const ENGAGEMENT = `courseId enrollments completions completionRate cohortCompletionRate activeLearners learningTimeSeconds
  averageTimeSpentSeconds averageQuizScore quizPassRate lessonCompletions`;
const POINT = 'bucket start enrollments completions activeLearners learningTimeSeconds lessonCompletions';

describe('courseEngagement / courses (hand-built events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('course_metrics');
    t = await startTestServer(engine);
    const a = (o: Parameters<typeof anEvent>[0]) => anEvent({ course_id: 'c-a', ...o });
    const events = [
      a({ type: 'course.enrolled', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-02T10:00:00Z' }),
      // 23:30 UTC on 03-02 is 18:30 on 03-02 in New York.
      a({ type: 'course.enrolled', user_id: 'u2', company_id: 'co1', timestamp: '2026-03-02T23:30:00Z' }),
      a({ type: 'course.enrolled', user_id: 'u3', company_id: 'co2', timestamp: '2026-03-03T09:00:00Z' }),
      // u4 enrolled before the period and completes inside it: flow completion, not in the cohort.
      a({ type: 'course.enrolled', user_id: 'u4', company_id: 'co2', timestamp: '2026-02-20T09:00:00Z' }),
      a({ type: 'course.completed', user_id: 'u4', company_id: 'co2', timestamp: '2026-03-03T12:00:00Z' }),
      a({ type: 'course.completed', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-04T08:00:00Z' }),
      // After the period: only the cohort rate sees it.
      a({ type: 'course.completed', user_id: 'u2', company_id: 'co1', timestamp: '2026-03-10T08:00:00Z' }),
      a({ type: 'lesson.completed', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-02T11:00:00Z', duration_seconds: 300 }),
      // 00:30 UTC on 03-03 is still 03-02 in New York.
      a({ type: 'lesson.completed', user_id: 'u2', company_id: 'co1', timestamp: '2026-03-03T00:30:00Z', duration_seconds: 600 }),
      a({ type: 'lesson.progressed', user_id: 'u3', company_id: 'co2', timestamp: '2026-03-03T10:00:00Z', duration_seconds: 120 }),
      a({ type: 'quiz.completed', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-02T12:00:00Z', score: 90, passed: true }),
      a({ type: 'quiz.completed', user_id: 'u2', company_id: 'co1', timestamp: '2026-03-03T13:00:00Z', score: 40, passed: false }),
      a({ type: 'quiz.completed', user_id: 'u3', company_id: 'co2', timestamp: '2026-03-04T13:00:00Z', score: 80, passed: true }),
      // Not a learning event: not an active learner.
      a({ type: 'user.logged_in', user_id: 'u5', company_id: 'co1', timestamp: '2026-03-02T10:00:00Z' }),
      // Exactly at `to` in UTC (excluded), but 19:00 on 03-04 in New York (included there).
      a({ type: 'lesson.completed', user_id: 'u6', company_id: 'co2', timestamp: '2026-03-05T00:00:00Z', duration_seconds: 1000 }),
      anEvent({ type: 'course.enrolled', course_id: 'c-b', user_id: 'u1', company_id: 'co1', timestamp: '2026-03-02T10:00:00Z' }),
      // A solo learner (no company) on c-c: most learning time, no enrollments.
      anEvent({ type: 'lesson.completed', course_id: 'c-c', user_id: 'u7', timestamp: '2026-03-02T10:00:00Z', duration_seconds: 5000 }),
    ];
    const res = await t.postEvents(toNdjson(events));
    expect(res.json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const engagement = async (courseId: string, period = '{ from: "2026-03-01", to: "2026-03-05" }', extra = '') => {
    const res = await t.graphql<{ courseEngagement: Record<string, unknown> }>(
      `{ courseEngagement(courseId: "${courseId}", period: ${period}${extra}) { ${ENGAGEMENT} } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.courseEngagement;
  };

  it('answers every field for one course over the period', async () => {
    expect(await engagement('c-a')).toEqual({
      courseId: 'c-a',
      enrollments: 3,
      completions: 2,
      completionRate: 2 / 3,
      // Enrolled in the period: u1, u2, u3; completed by now: u1 (in the period) and u2 (after it).
      cohortCompletionRate: 2 / 3,
      // u1, u2, u3 and u4 (who only completed); not u5 (logged in), not u6 (at `to`).
      activeLearners: 4,
      learningTimeSeconds: 1020,
      averageTimeSpentSeconds: 255,
      averageQuizScore: 70,
      quizPassRate: 2 / 3,
      lessonCompletions: 2,
    });
  });

  it('filters by company', async () => {
    expect(await engagement('c-a', undefined, ', companyId: "co1"')).toEqual({
      courseId: 'c-a',
      enrollments: 2,
      completions: 1,
      completionRate: 0.5,
      cohortCompletionRate: 1,
      activeLearners: 2,
      learningTimeSeconds: 900,
      averageTimeSpentSeconds: 450,
      averageQuizScore: 65,
      quizPassRate: 0.5,
      lessonCompletions: 2,
    });
    expect(await engagement('c-a', undefined, ', companyId: "co2"')).toMatchObject({
      enrollments: 1,
      completions: 1,
      cohortCompletionRate: 0,
      activeLearners: 2,
      learningTimeSeconds: 120,
    });
  });

  it('returns zeros and nulls for a course with no activity, and null quiz figures without quizzes', async () => {
    expect(await engagement('c-none')).toEqual({
      courseId: 'c-none',
      enrollments: 0,
      completions: 0,
      completionRate: null,
      cohortCompletionRate: null,
      activeLearners: 0,
      learningTimeSeconds: 0,
      averageTimeSpentSeconds: null,
      averageQuizScore: null,
      quizPassRate: null,
      lessonCompletions: 0,
    });
    expect(await engagement('c-b')).toMatchObject({
      enrollments: 1,
      completionRate: 0,
      cohortCompletionRate: 0,
      averageTimeSpentSeconds: 0,
      averageQuizScore: null,
      quizPassRate: null,
    });
  });

  it('lets the flow completion rate exceed 1 (completions by learners who enrolled earlier)', async () => {
    // [03-03, 03-05): one enrollment (u3), two completions (u4, u1).
    expect(await engagement('c-a', '{ from: "2026-03-03", to: "2026-03-05" }')).toMatchObject({
      enrollments: 1,
      completions: 2,
      completionRate: 2,
      cohortCompletionRate: 0,
    });
  });

  const series = async (timezone: string, granularity: string, from = '2026-03-01', to = '2026-03-05') => {
    const res = await t.graphql<{ courseEngagement: { series: Record<string, unknown>[] } }>(
      `{ courseEngagement(courseId: "c-a", period: { from: "${from}", to: "${to}", timezone: "${timezone}" }) { series(granularity: ${granularity}) { ${POINT} } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.courseEngagement.series;
  };
  const zero = { enrollments: 0, completions: 0, activeLearners: 0, learningTimeSeconds: 0, lessonCompletions: 0 };

  it('series: days cut in the period timezone, zero-filled', async () => {
    expect(await series('UTC', 'DAY')).toEqual([
      { bucket: '2026-03-01', start: '2026-03-01T00:00:00.000Z', ...zero },
      {
        bucket: '2026-03-02',
        start: '2026-03-02T00:00:00.000Z',
        enrollments: 2,
        completions: 0,
        activeLearners: 2,
        learningTimeSeconds: 300,
        lessonCompletions: 1,
      },
      {
        bucket: '2026-03-03',
        start: '2026-03-03T00:00:00.000Z',
        enrollments: 1,
        completions: 1,
        activeLearners: 3,
        learningTimeSeconds: 720,
        lessonCompletions: 1,
      },
      {
        bucket: '2026-03-04',
        start: '2026-03-04T00:00:00.000Z',
        enrollments: 0,
        completions: 1,
        activeLearners: 2,
        learningTimeSeconds: 0,
        lessonCompletions: 0,
      },
    ]);
    expect(await series('America/New_York', 'DAY')).toEqual([
      { bucket: '2026-03-01', start: '2026-03-01T05:00:00.000Z', ...zero },
      {
        bucket: '2026-03-02',
        start: '2026-03-02T05:00:00.000Z',
        enrollments: 2,
        completions: 0,
        activeLearners: 2,
        learningTimeSeconds: 900,
        lessonCompletions: 2,
      },
      {
        bucket: '2026-03-03',
        start: '2026-03-03T05:00:00.000Z',
        enrollments: 1,
        completions: 1,
        activeLearners: 3,
        learningTimeSeconds: 120,
        lessonCompletions: 0,
      },
      {
        bucket: '2026-03-04',
        start: '2026-03-04T05:00:00.000Z',
        enrollments: 0,
        completions: 1,
        activeLearners: 3,
        learningTimeSeconds: 1000,
        lessonCompletions: 1,
      },
    ]);
  });

  it('series: weeks (Monday, clipped to the period) and hours', async () => {
    expect(await series('UTC', 'WEEK')).toEqual([
      { bucket: '2026-02-23', start: '2026-02-23T00:00:00.000Z', ...zero },
      {
        bucket: '2026-03-02',
        start: '2026-03-02T00:00:00.000Z',
        enrollments: 3,
        completions: 2,
        activeLearners: 4,
        learningTimeSeconds: 1020,
        lessonCompletions: 2,
      },
    ]);
    const hours = await series('UTC', 'HOUR', '2026-03-02', '2026-03-03');
    expect(hours).toHaveLength(24);
    expect(hours.filter((h) => h.activeLearners !== 0).map((h) => `${h.bucket}:${h.enrollments}/${h.activeLearners}/${h.learningTimeSeconds}`)).toEqual([
      '2026-03-02T10:00:1/1/0',
      '2026-03-02T11:00:0/1/300',
      '2026-03-02T12:00:0/1/0',
      '2026-03-02T23:00:1/1/0',
    ]);
  });

  const courses = async (args: string) => {
    const res = await t.graphql<{ courses: { id: string; engagement: { enrollments: number; learningTimeSeconds: number } }[] }>(
      `{ courses(period: { from: "2026-03-01", to: "2026-03-05" }${args}) { id engagement { enrollments learningTimeSeconds } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.courses;
  };

  it('courses without ids: the courses with activity, ordered and limited', async () => {
    expect(await courses('')).toEqual([
      { id: 'c-a', engagement: { enrollments: 3, learningTimeSeconds: 1020 } },
      { id: 'c-b', engagement: { enrollments: 1, learningTimeSeconds: 0 } },
      { id: 'c-c', engagement: { enrollments: 0, learningTimeSeconds: 5000 } },
    ]);
    const ids = async (args: string) => (await courses(args)).map((c) => c.id);
    expect(await ids(', orderBy: LEARNING_TIME_DESC')).toEqual(['c-c', 'c-a', 'c-b']);
    // c-b and c-c tie on one learner: by id.
    expect(await ids(', orderBy: ACTIVE_LEARNERS_DESC')).toEqual(['c-a', 'c-b', 'c-c']);
    expect(await ids(', orderBy: COMPLETIONS_DESC, limit: 1')).toEqual(['c-a']);
    expect(await ids(', orderBy: COURSE_ID_ASC, limit: 2')).toEqual(['c-a', 'c-b']);
    expect(await ids(', companyId: "co2"')).toEqual(['c-a']);
  });

  it('courses with ids: exactly those, in the order given, zeros for no activity', async () => {
    expect(await courses(', ids: ["c-b", "c-none", "c-a", "c-b"]')).toEqual([
      { id: 'c-b', engagement: { enrollments: 1, learningTimeSeconds: 0 } },
      { id: 'c-none', engagement: { enrollments: 0, learningTimeSeconds: 0 } },
      { id: 'c-a', engagement: { enrollments: 3, learningTimeSeconds: 1020 } },
    ]);
  });

  it('rejects bad arguments before any query, naming the argument', async () => {
    const long = 'x'.repeat(129);
    const many = JSON.stringify(Array.from({ length: 501 }, (_, i) => `c-${i}`));
    const period = 'period: { from: "2026-03-01", to: "2026-03-05" }';
    const cases: [string, RegExp][] = [
      [`{ courseEngagement(courseId: "", ${period}) { enrollments } }`, /^courseId: must not be empty/],
      [`{ courseEngagement(courseId: "  ", ${period}) { enrollments } }`, /^courseId: must not be empty/],
      [`{ courseEngagement(courseId: "${long}", ${period}) { enrollments } }`, /^courseId: is 129 characters long; ids are at most 128/],
      [`{ courseEngagement(courseId: "c-a", ${period}, companyId: "") { enrollments } }`, /^companyId: must not be empty/],
      [
        `{ courseEngagement(courseId: "c-a", period: { from: "2026-03-05", to: "2026-03-01" }) { enrollments } }`,
        /^period: from \(2026-03-05\) must be before to/,
      ],
      [`{ courses(${period}, ids: []) { id } }`, /^ids: is empty/],
      [`{ courses(${period}, ids: ["c-a", ""]) { id } }`, /^ids\[1\]: must not be empty/],
      [`{ courses(${period}, ids: ["${long}"]) { id } }`, /^ids\[0\]: is 129 characters long/],
      [`{ courses(${period}, limit: 0) { id } }`, /^limit: must be between 1 and 500, got 0/],
      [`{ courses(${period}, limit: 501) { id } }`, /^limit: must be between 1 and 500, got 501/],
      [`{ courses(${period}, companyId: "${long}") { id } }`, /^companyId: is 129 characters long/],
      [
        `{ courses(period: { from: "1970-01-01", to: "1970-01-04", timezone: "Africa/Monrovia" }) { id } }`,
        /^period.timezone: Africa\/Monrovia was -00:44 from UTC/,
      ],
    ];
    let queries = 0;
    const unsubscribe = engine.db.onQuery(() => (queries += 1));
    try {
      for (const [query, message] of cases) {
        const res = await t.graphql(query);
        expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
      }
      // Over MAX_LIST_LENGTH (500) a list is refused before execution by the generic cap (test/integration/limits.test.ts).
      expect((await t.graphql(`{ courses(${period}, ids: ${many}) { id } }`)).errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^ids: 501 items/),
        extensions: { code: 'LIST_TOO_LONG' },
      });
    } finally {
      unsubscribe();
    }
    expect(queries).toBe(0);
  });

  it('rejects an HOUR series over a period longer than the HOUR limit before the series query', async () => {
    const operations: string[] = [];
    const unsubscribe = engine.db.onQuery((e) => operations.push(e.operation));
    try {
      const res = await t.graphql(
        `{ courseEngagement(courseId: "c-a", period: { from: "2026-01-01", to: "2026-03-01" }) { series(granularity: HOUR) { bucket } } }`,
      );
      expect(res.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^period: 59 days is longer than the 31-day limit at HOUR/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    } finally {
      unsubscribe();
    }
    // The granularity is an argument of the nested field; period lengths are checked for the whole operation before it runs (src/limits).
    expect(operations).toEqual([]);
  });
});
