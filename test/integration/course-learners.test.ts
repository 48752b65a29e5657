import type { LearningEvent } from '../../src/domain/event';
import { generateEvents, type GeneratorOptions } from '../../src/generator';
import { catalogueOf } from '../../src/generator/catalogue';
import { aCourseTree, putCourse } from '../helpers/catalog';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import { courseLearners, inListOrder } from '../oracle/course-learners';

const LEARNER = 'userId status enrolled lessonsCompleted progress lastActivityAt daysSinceLastActivity averageQuizScore quizzesScored';
const SELECTION = `{ courseId asOf atRiskAfterDays inactiveAfterDays passThreshold lessonCount counts { onTrack atRisk inactive completed } learners { ${LEARNER} } }`;

function approx(expected: unknown): unknown {
  if (typeof expected === 'number') return Number.isInteger(expected) ? expected : expect.closeTo(expected, 9);
  if (Array.isArray(expected)) return expected.map(approx);
  if (expected !== null && typeof expected === 'object') return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, approx(v)]));
  return expected;
}

const normalise = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, lastActivityAt: new Date(r.lastActivityAt as string).toISOString() }));

describe('learners(courseId, status) (hand-built events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('course_learners', { rateLimitIngestPerMinute: 0 });
    t = await startTestServer(engine);
    // 4 lessons; the exam's threshold is 70 (the course's too).
    expect((await putCourse(t, 'c-l', aCourseTree('c-l', [2, 2]))).status).toBe(201);
    const e = (o: Parameters<typeof anEvent>[0]) => anEvent({ course_id: 'c-l', company_id: 'co1', ...o });
    const events = [
      // done: completed the course.
      e({ type: 'course.enrolled', user_id: 'done', timestamp: '2026-03-01T09:00:00Z' }),
      e({ type: 'course.completed', user_id: 'done', timestamp: '2026-03-02T09:00:00Z' }),
      // fresh: enrolled, active 2 days before asOf, scores 80: on track; 2 of 4 lessons.
      e({ type: 'course.enrolled', user_id: 'fresh', timestamp: '2026-03-10T09:00:00Z' }),
      e({ type: 'lesson.completed', user_id: 'fresh', lesson_id: 'c-l-m1-l1', timestamp: '2026-03-12T09:00:00Z' }),
      e({ type: 'lesson.completed', user_id: 'fresh', lesson_id: 'c-l-m1-l2', timestamp: '2026-03-18T09:00:00Z' }),
      e({ type: 'quiz.completed', user_id: 'fresh', quiz_id: 'c-l-exam', score: 80, passed: true, timestamp: '2026-03-18T10:00:00Z' }),
      // failing: enrolled, active yesterday, quiz average (60 + 70) / 2 = 65 < 70: at risk.
      e({ type: 'course.enrolled', user_id: 'failing', timestamp: '2026-03-10T09:00:00Z' }),
      e({ type: 'quiz.completed', user_id: 'failing', quiz_id: 'c-l-exam', score: 60, passed: false, timestamp: '2026-03-18T09:00:00Z' }),
      e({ type: 'quiz.completed', user_id: 'failing', quiz_id: 'c-l-exam', score: 70, passed: true, timestamp: '2026-03-19T09:00:00Z' }),
      // silent: enrolled, last seen 10 days before asOf: at risk.
      e({ type: 'course.enrolled', user_id: 'silent', timestamp: '2026-03-05T09:00:00Z' }),
      e({ type: 'lesson.started', user_id: 'silent', lesson_id: 'c-l-m1-l1', timestamp: '2026-03-10T12:00:00Z' }),
      // gone: enrolled, last seen 40 days before asOf: inactive.
      e({ type: 'course.enrolled', user_id: 'gone', timestamp: '2026-02-08T12:00:00Z' }),
      // browser: lesson events without an enrollment, silent 10 days: not enrolled, so on track.
      e({ type: 'lesson.completed', user_id: 'browser', lesson_id: 'c-l-bonus', timestamp: '2026-03-10T12:00:00Z' }),
      // Another company's learner, and a login (not learning) of `gone` that does not count as activity.
      e({ type: 'course.enrolled', user_id: 'other-co', company_id: 'co2', timestamp: '2026-03-19T12:00:00Z' }),
      e({ type: 'user.logged_in', user_id: 'gone', timestamp: '2026-03-19T12:00:00Z' }),
      // After asOf's hour: not seen.
      e({ type: 'course.completed', user_id: 'silent', timestamp: '2026-03-20T13:00:00Z' }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const ask = async (args: string, headers: Record<string, string> = {}) =>
    t.graphql<{ learners: Record<string, unknown> }>(`{ learners(courseId: "c-l", asOf: "2026-03-20T12:30:00Z"${args}) ${SELECTION} }`, undefined, headers);

  it('gives every learner a status by the documented rule, longest silent first', async () => {
    const res = await ask(', companyId: "co1"');
    expect(res.errors).toBeUndefined();
    const l = res.data!.learners;
    // The catalogue's 4 lessons plus c-l-bonus.
    expect(l).toMatchObject({
      courseId: 'c-l',
      asOf: '2026-03-20T12:30:00.000Z',
      atRiskAfterDays: 7,
      inactiveAfterDays: 30,
      passThreshold: 70,
      lessonCount: 5,
    });
    expect(l.counts).toEqual({ onTrack: 2, atRisk: 2, inactive: 1, completed: 1 });
    const rows = (l.learners as Record<string, unknown>[]).map((r) => [r.userId, r.status, r.daysSinceLastActivity]);
    expect(rows).toEqual([
      ['gone', 'INACTIVE', 40],
      ['done', 'COMPLETED', 18],
      ['browser', 'ON_TRACK', 10],
      ['silent', 'AT_RISK', 10],
      ['fresh', 'ON_TRACK', 2],
      ['failing', 'AT_RISK', 1],
    ]);
    const byId = Object.fromEntries((l.learners as Record<string, unknown>[]).map((r) => [r.userId, r]));
    expect(byId.fresh).toEqual({
      userId: 'fresh',
      status: 'ON_TRACK',
      enrolled: true,
      lessonsCompleted: 2,
      progress: 0.4,
      lastActivityAt: '2026-03-18T10:00:00.000Z',
      daysSinceLastActivity: 2,
      averageQuizScore: 80,
      quizzesScored: 1,
    });
    expect(byId.failing).toMatchObject({ averageQuizScore: 65, quizzesScored: 2, lessonsCompleted: 0, progress: 0 });
    expect(byId.browser).toMatchObject({ enrolled: false, lessonsCompleted: 1 });
  });

  it('filters by status and limits; the day counts are arguments', async () => {
    const atRisk = await ask(', companyId: "co1", status: AT_RISK');
    expect((atRisk.data!.learners.learners as { userId: string }[]).map((r) => r.userId)).toEqual(['silent', 'failing']);
    expect(((await ask(', companyId: "co1", status: AT_RISK, limit: 1')).data!.learners.learners as unknown[]).length).toBe(1);
    // Silent for 10 days is not at risk with a 14-day rule; 40 days is at risk, not inactive, with a 60-day one.
    const lenient = await ask(', companyId: "co1", atRiskAfterDays: 14, inactiveAfterDays: 60');
    expect(lenient.data!.learners.counts).toEqual({ onTrack: 3, atRisk: 2, inactive: 0, completed: 1 });
    const ids = (lenient.data!.learners.learners as { userId: string; status: string }[]).filter((r) => r.status === 'AT_RISK').map((r) => r.userId);
    expect(ids).toEqual(['gone', 'failing']);
    const bad = await ask(', atRiskAfterDays: 30, inactiveAfterDays: 30');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'inactiveAfterDays' });
    expect((await ask(', limit: 0')).errors?.[0].extensions).toMatchObject({ argumentName: 'limit' });
  });

  it('partners need the learners:read scope, and see their own company only', async () => {
    const without = await ask('', { authorization: `Bearer ${await tokenFor('partner', 'co2')}` });
    expect(without.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(without.errors?.[0].message).toMatch(/learners:read/);
    const withScope = await ask('', { authorization: `Bearer ${await tokenFor('partner', 'co2', ['learners:read'])}` });
    expect(withScope.errors).toBeUndefined();
    expect((withScope.data!.learners.learners as { userId: string }[]).map((r) => r.userId)).toEqual(['other-co']);
    const other = await ask(', companyId: "co1"', { authorization: `Bearer ${await tokenFor('partner', 'co2', ['learners:read'])}` });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('learners against the oracle (generated events and catalogue)', () => {
  const OPTIONS: GeneratorOptions = { events: 20_000, companies: 3, learners: 300, courses: 4, days: 45, seed: 9, end: new Date('2026-04-15T00:00:00Z') };
  let engine: TestEngine;
  let t: TestServer;
  let events: LearningEvent[];
  const lessons = new Map<string, string[]>();
  beforeAll(async () => {
    engine = await migratedEngine('course_learners_oracle', { rateLimitIngestPerMinute: 0, rateLimitPerMinute: 0 });
    t = await startTestServer(engine);
    for (const tree of catalogueOf(OPTIONS).slice(0, 3)) {
      expect((await putCourse(t, tree.courseId, tree)).status).toBe(201);
      lessons.set(
        tree.courseId,
        tree.modules.flatMap((m) => m.lessons.map((l) => l.id)),
      );
    }
    const seen = new Set<string>();
    events = [...generateEvents(OPTIONS)].filter((e) => !seen.has(e.event_id) && seen.add(e.event_id));
    for (let i = 0; i < events.length; i += 5000) expect((await t.postEvents(toNdjson(events.slice(i, i + 5000)))).json).toMatchObject({ rejected: 0 });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  it.each([
    ['every learner of a catalogued course', 'course-001', null, '2026-04-10T08:15:00.000Z', 7, 30],
    ['one company, another rule', 'course-001', 'company-01', '2026-04-01T00:00:00.000Z', 3, 10],
    ['a course not in the catalogue (no score rule)', 'course-004', null, '2026-04-14T23:59:00.000Z', 7, 30],
  ] as const)('%s', async (_label, courseId, companyId, asOf, atRiskAfterDays, inactiveAfterDays) => {
    const res = await t.graphql<{ learners: Record<string, unknown> }>(
      `{ learners(courseId: "${courseId}", asOf: "${asOf}", limit: 1000, atRiskAfterDays: ${atRiskAfterDays}, inactiveAfterDays: ${inactiveAfterDays}${companyId ? `, companyId: "${companyId}"` : ''}) ${SELECTION} }`,
    );
    expect(res.errors).toBeUndefined();
    const expected = courseLearners(events, {
      courseId,
      companyId,
      asOf: new Date(asOf),
      atRiskAfterDays,
      inactiveAfterDays,
      passThreshold: lessons.has(courseId) ? 70 : null,
      catalogLessons: lessons.get(courseId) ?? [],
    });
    expect(expected.length).toBeGreaterThan(10);
    expect(new Set(expected.map((r) => r.status)).size).toBeGreaterThanOrEqual(3);
    const l = res.data!.learners;
    expect(normalise(l.learners as Record<string, unknown>[])).toEqual(approx(inListOrder(expected)));
    const count = (s: string) => expected.filter((r) => r.status === s).length;
    expect(l.counts).toEqual({ onTrack: count('ON_TRACK'), atRisk: count('AT_RISK'), inactive: count('INACTIVE'), completed: count('COMPLETED') });
    const atRisk = await t.graphql<{ learners: { learners: Record<string, unknown>[] } }>(
      `{ learners(courseId: "${courseId}", asOf: "${asOf}", status: AT_RISK, limit: 5, atRiskAfterDays: ${atRiskAfterDays}, inactiveAfterDays: ${inactiveAfterDays}${companyId ? `, companyId: "${companyId}"` : ''}) { learners { ${LEARNER} } } }`,
    );
    expect(normalise(atRisk.data!.learners.learners)).toEqual(approx(inListOrder(expected.filter((r) => r.status === 'AT_RISK')).slice(0, 5)));
  });
});
