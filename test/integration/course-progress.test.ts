import type { LearningEvent } from '../../src/domain/event';
import { generateEvents, type GeneratorOptions } from '../../src/generator';
import { catalogueOf } from '../../src/generator/catalogue';
import { createServices } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { aCourseTree, putCourse } from '../helpers/catalog';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import { courseProgress, type OracleCatalogLesson } from '../oracle/course-progress';

const LESSON = 'position lessonId inCatalog title moduleId started completed completionRate dropOffFromPrevious medianTimeSpentSeconds';
const DISTRIBUTION = 'lessonCount learners completedAllLessons averageProgress deciles { from to learners }';
const COHORT = 'enrolled startedALesson completedALesson completedCourse startRate lessonCompletionRate courseCompletionRate';
const SELECTION = `{ courseId inCatalog title catalogVersion lessons { ${LESSON} } largestDropOff { lessonId dropOffFromPrevious }
  progressDistribution { ${DISTRIBUTION} } enrollmentCohort { ${COHORT} } }`;

/** Floats to 9 decimals, everything else exactly. */
function approx(expected: unknown): unknown {
  if (typeof expected === 'number') return Number.isInteger(expected) ? expected : expect.closeTo(expected, 9);
  if (Array.isArray(expected)) return expected.map(approx);
  if (expected !== null && typeof expected === 'object') return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, approx(v)]));
  return expected;
}

describe('courseProgress (hand-built events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('course_progress', { rateLimitIngestPerMinute: 0 });
    t = await startTestServer(engine);
    // c-p: module 1 = l1, l2; module 2 = l3.
    expect((await putCourse(t, 'c-p', aCourseTree('c-p', [2, 1]))).status).toBe(201);
    const L = (n: string) => `c-p-m${n}`;
    const e = (o: Parameters<typeof anEvent>[0]) => anEvent({ course_id: 'c-p', company_id: 'co1', ...o });
    const day = (d: number, h = 10) => `2026-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
    const events = [
      // u1: enrolled in the period, l1 done (100 + 200 s), l2 done (50 s), l3 started: 2 of 3 lessons.
      e({ type: 'course.enrolled', user_id: 'u1', timestamp: day(2) }),
      e({ type: 'lesson.started', user_id: 'u1', lesson_id: L('1-l1'), timestamp: day(2), duration_seconds: 0 }),
      e({ type: 'lesson.progressed', user_id: 'u1', lesson_id: L('1-l1'), timestamp: day(2, 11), duration_seconds: 100 }),
      e({ type: 'lesson.completed', user_id: 'u1', lesson_id: L('1-l1'), timestamp: day(3), duration_seconds: 200 }),
      e({ type: 'lesson.completed', user_id: 'u1', lesson_id: L('1-l2'), timestamp: day(3, 12), duration_seconds: 50 }),
      e({ type: 'lesson.started', user_id: 'u1', lesson_id: L('2-l1'), timestamp: day(4), duration_seconds: 10 }),
      // u2: enrolled before the period, completed l1 before it (progress counts it), l2 in it: 2 of 3.
      e({ type: 'course.enrolled', user_id: 'u2', timestamp: '2026-02-20T10:00:00.000Z' }),
      e({ type: 'lesson.completed', user_id: 'u2', lesson_id: L('1-l1'), timestamp: '2026-02-21T10:00:00.000Z', duration_seconds: 999 }),
      e({ type: 'lesson.completed', user_id: 'u2', lesson_id: L('1-l2'), timestamp: day(5), duration_seconds: 70 }),
      // u3: enrolled in the period, l1 only (60 s) and a lesson the catalogue does not list; completes the course after the period.
      e({ type: 'course.enrolled', user_id: 'u3', timestamp: day(2) }),
      e({ type: 'lesson.completed', user_id: 'u3', lesson_id: L('1-l1'), timestamp: day(4), duration_seconds: 60 }),
      e({ type: 'lesson.started', user_id: 'u3', lesson_id: 'c-p-bonus', timestamp: day(4), duration_seconds: 30 }),
      e({ type: 'course.completed', user_id: 'u3', timestamp: '2026-03-20T10:00:00.000Z' }),
      // u4 (another company): l1 started.
      e({ type: 'lesson.started', user_id: 'u4', company_id: 'co2', lesson_id: L('1-l1'), timestamp: day(3), duration_seconds: 40 }),
      // After the period: not counted in the period's lessons.
      e({ type: 'lesson.completed', user_id: 'u4', company_id: 'co2', lesson_id: L('2-l1'), timestamp: '2026-03-10T00:00:00.000Z', duration_seconds: 5 }),
      // Another course: never counted.
      anEvent({ type: 'lesson.completed', course_id: 'c-other', user_id: 'u1', lesson_id: L('1-l1'), timestamp: day(3) }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const ask = async (args: string) => {
    const res = await t.graphql<{ courseProgress: Record<string, unknown> }>(`{ courseProgress(${args}) ${SELECTION} }`);
    expect(res.errors).toBeUndefined();
    return res.data!.courseProgress;
  };

  it('lists lessons in curriculum order with learners, drop-off, median time; then the uncatalogued lesson', async () => {
    const p = await ask('courseId: "c-p", period: { from: "2026-03-01", to: "2026-03-10" }');
    expect(p).toMatchObject({ courseId: 'c-p', inCatalog: true, title: 'Course c-p', catalogVersion: 1 });
    expect(p.lessons).toEqual(
      approx([
        // u1 (300 s), u3 (60 s), u4 (40 s): median 60.
        {
          position: 1,
          lessonId: 'c-p-m1-l1',
          inCatalog: true,
          title: 'Lesson 1.1',
          moduleId: 'c-p-m1',
          started: 3,
          completed: 2,
          completionRate: 2 / 3,
          dropOffFromPrevious: null,
          medianTimeSpentSeconds: 60,
        },
        // u1 (50 s), u2 (70 s): median 60, drop-off 1 - 2/3.
        {
          position: 2,
          lessonId: 'c-p-m1-l2',
          inCatalog: true,
          title: 'Lesson 1.2',
          moduleId: 'c-p-m1',
          started: 2,
          completed: 2,
          completionRate: 1,
          dropOffFromPrevious: 1 / 3,
          medianTimeSpentSeconds: 60,
        },
        {
          position: 3,
          lessonId: 'c-p-m2-l1',
          inCatalog: true,
          title: 'Lesson 2.1',
          moduleId: 'c-p-m2',
          started: 1,
          completed: 0,
          completionRate: 0,
          dropOffFromPrevious: 0.5,
          medianTimeSpentSeconds: 10,
        },
        {
          position: 4,
          lessonId: 'c-p-bonus',
          inCatalog: false,
          title: null,
          moduleId: null,
          started: 1,
          completed: 0,
          completionRate: 0,
          dropOffFromPrevious: 0,
          medianTimeSpentSeconds: 30,
        },
      ]),
    );
    expect(p.largestDropOff).toEqual({ lessonId: 'c-p-m2-l1', dropOffFromPrevious: 0.5 });
    // 4 lessons in the list; u1 2/4, u2 2/4 (l1 before the period counts), u3 1/4, u4 0/4.
    expect(p.progressDistribution).toEqual(
      approx({
        lessonCount: 4,
        learners: 4,
        completedAllLessons: 0,
        averageProgress: (0.5 + 0.5 + 0.25 + 0) / 4,
        deciles: [1, 0, 1, 0, 0, 2, 0, 0, 0, 0].map((n, i) => ({ from: i / 10, to: (i + 1) / 10, learners: n })),
      }),
    );
    // Enrolled in the period: u1, u3; both started and completed a lesson; u3 completed the course (after the period).
    expect(p.enrollmentCohort).toEqual({
      enrolled: 2,
      startedALesson: 2,
      completedALesson: 2,
      completedCourse: 1,
      startRate: 1,
      lessonCompletionRate: 1,
      courseCompletionRate: 0.5,
    });
  });

  it('enrollment cohort from the per-learner totals (0090), and from the hourly rows when a learner enrolled 3+ times around the period', async () => {
    const e = (user: string, type: string, timestamp: string, extra: Parameters<typeof anEvent>[0] = {}) =>
      anEvent({ course_id: 'c-cohort', company_id: 'co1', user_id: user, type, timestamp, ...extra });
    const events = [
      // in: first enrollment in the period.
      e('a', 'course.enrolled', '2026-03-02T10:00:00.000Z'),
      e('a', 'lesson.completed', '2026-03-03T10:00:00.000Z', { lesson_id: 'c-cohort-l1' }),
      // in: last enrollment in the period (first before it).
      e('b', 'course.enrolled', '2026-02-01T10:00:00.000Z'),
      e('b', 'course.enrolled', '2026-03-05T10:00:00.000Z'),
      e('b', 'lesson.started', '2026-02-02T10:00:00.000Z', { lesson_id: 'c-cohort-l1' }),
      // out: twice, before and after the period (none between).
      e('c', 'course.enrolled', '2026-02-01T10:00:00.000Z'),
      e('c', 'course.enrolled', '2026-03-20T10:00:00.000Z'),
      // out: enrolled only after; a lesson in the period does not make a member.
      e('d', 'course.enrolled', '2026-03-10T00:00:00.000Z'),
      e('d', 'lesson.completed', '2026-03-04T10:00:00.000Z', { lesson_id: 'c-cohort-l1' }),
    ];
    const cohort = async (period: string) => {
      const queries: string[] = [];
      const stop = engine.db.onQuery((q) => queries.push(q.operation));
      const p = await ask(`courseId: "c-cohort", period: ${period}`);
      stop();
      return { cohort: p.enrollmentCohort as Record<string, number>, queries: queries.filter((q) => q.startsWith('metrics.course_progress.cohort')) };
    };
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
    const march = '{ from: "2026-03-01", to: "2026-03-10" }';
    expect(await cohort(march)).toEqual({
      cohort: expect.objectContaining({ enrolled: 2, startedALesson: 2, completedALesson: 1, completedCourse: 0 }),
      queries: ['metrics.course_progress.cohort_total'],
    });
    // e enrolled before, in and after the period; f before, before and after: the totals cannot
    // tell them apart (first before, last after, 3 enrollments), so the hourly rows decide.
    const more = [
      e('e', 'course.enrolled', '2026-02-01T10:00:00.000Z'),
      e('e', 'course.enrolled', '2026-03-06T10:00:00.000Z'),
      e('e', 'course.enrolled', '2026-03-25T10:00:00.000Z'),
      e('e', 'course.completed', '2026-03-26T10:00:00.000Z'),
      e('f', 'course.enrolled', '2026-02-01T10:00:00.000Z'),
      e('f', 'course.enrolled', '2026-02-15T10:00:00.000Z'),
      e('f', 'course.enrolled', '2026-03-25T10:00:00.000Z'),
    ];
    expect((await t.postEvents(toNdjson(more))).json).toMatchObject({ accepted: more.length });
    expect(await cohort(march)).toEqual({
      cohort: expect.objectContaining({ enrolled: 3, startedALesson: 2, completedALesson: 1, completedCourse: 1 }),
      queries: ['metrics.course_progress.cohort_total', 'metrics.course_progress.cohort'],
    });
    // Whole hours: the period's last hour is in, the next hour is not.
    expect((await cohort('{ from: "2026-03-05", to: "2026-03-06" }')).cohort).toMatchObject({ enrolled: 1 });
    expect((await cohort('{ from: "2026-03-06", to: "2026-03-07" }')).cohort).toMatchObject({ enrolled: 1, completedCourse: 1 });
  });

  it('filters by company, and a course that is not catalogued lists its lessons by id', async () => {
    const co2 = await ask('courseId: "c-p", period: { from: "2026-03-01", to: "2026-03-10" }, companyId: "co2"');
    expect((co2.lessons as { started: number }[]).map((l) => l.started)).toEqual([1, 0, 0]);
    const other = await ask('courseId: "c-other", period: { from: "2026-03-01", to: "2026-03-10" }');
    expect(other).toMatchObject({
      inCatalog: false,
      title: null,
      catalogVersion: null,
      lessons: [{ position: 1, lessonId: 'c-p-m1-l1', inCatalog: false, started: 1 }],
    });
    const none = await ask('courseId: "c-none", period: { from: "2026-03-01", to: "2026-03-10" }');
    expect(none).toMatchObject({ lessons: [], largestDropOff: null, progressDistribution: { lessonCount: 0, learners: 0, averageProgress: null } });
  });

  it('refuses bad arguments before any query', async () => {
    const res = await t.graphql(`{ courseProgress(courseId: "", period: { from: "2026-03-01", to: "2026-03-10" }) { courseId } }`);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'courseId' });
  });
});

describe('courseProgress against the oracle (generated events and catalogue)', () => {
  const OPTIONS: GeneratorOptions = { events: 20_000, companies: 3, learners: 300, courses: 4, days: 45, seed: 5, end: new Date('2026-04-15T00:00:00Z') };
  let engine: TestEngine;
  let t: TestServer;
  let thresholded: RunningServer;
  let events: LearningEvent[];
  const catalog = new Map<string, OracleCatalogLesson[]>();
  beforeAll(async () => {
    engine = await migratedEngine('course_progress_oracle', { rateLimitIngestPerMinute: 0, rateLimitPerMinute: 0 });
    t = await startTestServer(engine);
    thresholded = await startServer(createServices(engine.db, { ...engine.config, privacyMinLearners: 5 }), 0);
    const trees = catalogueOf(OPTIONS);
    // Course 4 stays out of the catalogue: its lessons still count.
    for (const tree of trees.slice(0, 3)) {
      expect((await putCourse(t, tree.courseId, tree)).status).toBe(201);
      catalog.set(
        tree.courseId,
        tree.modules.flatMap((m) => m.lessons.map((l) => ({ lessonId: l.id, title: l.title, moduleId: m.id }))),
      );
    }
    events = [...generateEvents(OPTIONS)];
    // Repeated event ids would be stored once: keep the first, as the store does.
    const seen = new Set<string>();
    events = events.filter((e) => !seen.has(e.event_id) && seen.add(e.event_id));
    for (let i = 0; i < events.length; i += 5000) {
      const res = await t.postEvents(toNdjson(events.slice(i, i + 5000)));
      expect(res.json).toMatchObject({ rejected: 0 });
    }
  });
  afterAll(async () => {
    await thresholded?.stop();
    await t.server.stop();
    await engine.dispose();
  });

  const cases: [string, string, { from: string; to: string; timezone?: string }, string | null][] = [
    ['catalogued course, UTC', 'course-001', { from: '2026-03-10', to: '2026-04-15' }, null],
    ['catalogued course, New York, one company', 'course-002', { from: '2026-03-20', to: '2026-04-10', timezone: 'America/New_York' }, 'company-01'],
    ['course 4 (not catalogued)', 'course-004', { from: '2026-03-01', to: '2026-04-15' }, null],
  ];

  it.each(cases)('%s', async (_label, courseId, period, companyId) => {
    const periodText = `{ from: "${period.from}", to: "${period.to}"${period.timezone ? `, timezone: "${period.timezone}"` : ''} }`;
    const res = await t.graphql<{ courseProgress: Record<string, unknown> }>(
      `{ courseProgress(courseId: "${courseId}", period: ${periodText}${companyId ? `, companyId: "${companyId}"` : ''}) ${SELECTION} }`,
    );
    expect(res.errors).toBeUndefined();
    const expected = courseProgress(events, { courseId, period, companyId, catalog: catalog.get(courseId) ?? [] });
    expect((expected.lessons as unknown[]).length).toBeGreaterThan(3);
    expect(expected.progressDistribution.learners).toBeGreaterThan(5);
    const { lessons, largestDropOff, progressDistribution, enrollmentCohort } = res.data!.courseProgress;
    expect({ lessons, largestDropOff, progressDistribution, enrollmentCohort }).toEqual(approx(expected));
  });

  it('Course.progress loads every course of a list (one cohort query) with the same answers', async () => {
    const queries: string[] = [];
    const stop = engine.db.onQuery((q) => queries.push(q.operation));
    const res = await t.graphql<{ courses: { id: string; progress: { enrollmentCohort: Record<string, unknown> } }[] }>(
      `{ courses(period: { from: "2026-03-10", to: "2026-04-15" }, ids: ["course-001", "course-002", "course-003", "course-004"]) { id progress { enrollmentCohort { ${COHORT} } } } }`,
    );
    stop();
    expect(res.errors).toBeUndefined();
    // One query on the per-learner totals (0090); the hourly rows are read only for an undecided learner.
    expect(queries.filter((q) => q === 'metrics.course_progress.cohort_total')).toHaveLength(1);
    expect(queries.filter((q) => q === 'metrics.course_progress.cohort')).toHaveLength(0);
    for (const c of res.data!.courses) {
      const expected = courseProgress(events, { courseId: c.id, period: { from: '2026-03-10', to: '2026-04-15' }, catalog: catalog.get(c.id) ?? [] });
      expect(c.progress.enrollmentCohort).toEqual(approx(expected.enrollmentCohort));
    }
  });

  it('partner views withhold lessons, tenths and cohorts of fewer than 5 learners, and say so', async () => {
    const token = await tokenFor('partner', 'company-03');
    const res = await fetch(thresholded.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ courseProgress(courseId: "course-001", period: { from: "2026-04-08", to: "2026-04-15" }) ${SELECTION} }` }),
    });
    const body = (await res.json()) as { data: { courseProgress: Record<string, unknown> }; extensions?: { privacy?: { paths: unknown[][] } } };
    const expected = courseProgress(events, {
      courseId: 'course-001',
      period: { from: '2026-04-08', to: '2026-04-15' },
      companyId: 'company-03',
      catalog: catalog.get('course-001')!,
    });
    const lessons = body.data.courseProgress.lessons as { started: number | null; dropOffFromPrevious: number | null }[];
    expect(lessons.length).toBe(expected.lessons.length);
    lessons.forEach((l, i) => {
      const small = expected.lessons[i].started < 5;
      expect([i, l.started]).toEqual([i, small ? null : expected.lessons[i].started]);
      if (i > 0 && (small || expected.lessons[i - 1].started < 5)) expect(l.dropOffFromPrevious).toBeNull();
    });
    expect(lessons.some((l) => l.started === null)).toBe(true);
    const paths = body.extensions?.privacy?.paths ?? [];
    expect(paths).toContainEqual(['courseProgress', 'lessons', lessons.findIndex((l) => l.started === null), 'started']);
    const deciles = (body.data.courseProgress.progressDistribution as { deciles: { learners: number | null }[] }).deciles;
    deciles.forEach((d, i) => {
      const n = expected.progressDistribution.deciles[i].learners;
      expect(d.learners).toBe(n < 5 ? null : n);
    });
  });
});
