import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * The learning fields as CSV (GET /export/<report>.csv): courseProgress, learners, quizItems,
 * videoEngagement and practice progress. Each export holds the same figures as its GraphQL
 * field, with the same tenancy and learner-level rule.
 */
function parseCsv(text: string): string[][] {
  // The values here hold no quotes, commas or line breaks (the writer's quoting is export.test.ts's).
  return text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

const PERIOD = 'from=2026-03-01&to=2026-03-08';
const GQL_PERIOD = '{ from: "2026-03-01", to: "2026-03-08" }';
const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

describe('learning exports', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('export_learning', { privacyMinLearners: 0 });
    t = await startTestServer(engine);
    const at = (day: number, minute: number) => `2026-03-0${day}T09:${String(minute).padStart(2, '0')}:00.000Z`;
    const events = ['u1', 'u2', 'u3'].flatMap((user, i) => [
      anEvent({ type: 'course.enrolled', user_id: user, company_id: 'c1', course_id: 'course-x', timestamp: at(2, 0) }),
      anEvent({ type: 'lesson.started', user_id: user, company_id: 'c1', course_id: 'course-x', lesson_id: 'l1', timestamp: at(2, 1) }),
      anEvent({ type: 'lesson.completed', user_id: user, company_id: 'c1', course_id: 'course-x', lesson_id: 'l1', timestamp: at(2, 2), duration_seconds: 60 }),
      ...(i < 2 ? [anEvent({ type: 'lesson.started', user_id: user, company_id: 'c1', course_id: 'course-x', lesson_id: 'l2', timestamp: at(2, 3) })] : []),
      anEvent({
        type: 'quiz.completed',
        user_id: user,
        company_id: 'c1',
        course_id: 'course-x',
        quiz_id: 'quiz-x',
        score: 40 + 25 * i,
        properties: { answers: [{ question_id: 'q1', answer: i === 0 ? 'b' : 'a', correct: i > 0 }] },
        timestamp: at(2, 4),
      }),
      anEvent({
        type: 'video.progressed',
        user_id: user,
        company_id: 'c1',
        course_id: 'course-x',
        lesson_id: 'l1',
        properties: { percent: 50 + 25 * i },
        timestamp: at(2, 5),
      }),
      anEvent({
        type: 'practice_session.completed',
        user_id: user,
        company_id: 'c1',
        score: 60 + 10 * i,
        duration_seconds: 400 * (i + 1),
        properties: { scenario_id: i === 0 ? 'a' : 'b', criteria: { fluency: 70 + i, grammar: 50 } },
        timestamp: at(3, i),
      }),
    ]);
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length, rejected: 0 });
  });
  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  const get = (path: string, token = t.adminToken) => fetch(`${t.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const csv = async (path: string, token?: string) => {
    const res = await get(path, token);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body}`);
    return { rows: parseCsv(body), disposition: res.headers.get('content-disposition') };
  };
  const gql = async <T>(query: string) => {
    const res = await t.graphql<T>(query);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as T;
  };
  /** The GraphQL rows as CSV cells, in the CSV's column order. */
  const asCells = (header: string[], rows: Record<string, unknown>[]) => rows.map((r) => header.map((c) => cell(r[c])));

  it('course-progress: one row per lesson, as courseProgress.lessons', async () => {
    const { rows, disposition } = await csv(`/export/course-progress.csv?${PERIOD}&courseId=course-x`);
    expect(disposition).toBe('attachment; filename="course-progress_2026-03-01_2026-03-08.csv"');
    const data = await gql<{ courseProgress: { lessons: Record<string, unknown>[] } }>(
      `{ courseProgress(courseId: "course-x", period: ${GQL_PERIOD}) { lessons { ${rows[0].join(' ')} } } }`,
    );
    expect(rows.slice(1)).toEqual(asCells(rows[0], data.courseProgress.lessons));
    expect(rows.slice(1).map((r) => [r[1], r[9]])).toEqual([
      ['l1', '3'],
      ['l2', '2'],
    ]);
  });

  it('learners: one row per learner, named by the asOf day; partners need learners:read', async () => {
    const asOf = '2026-03-05T00:00:00Z';
    const { rows, disposition } = await csv(`/export/learners.csv?courseId=course-x&asOf=${asOf}`);
    expect(disposition).toBe('attachment; filename="learners_2026-03-05.csv"');
    const data = await gql<{ learners: { learners: Record<string, unknown>[] } }>(
      `{ learners(courseId: "course-x", asOf: "${asOf}") { learners { ${rows[0].join(' ')} } } }`,
    );
    expect(rows.slice(1)).toEqual(asCells(rows[0], data.learners.learners));
    expect(rows.length).toBe(4);
    const refused = await get(`/export/learners.csv?courseId=course-x`, await tokenFor('partner', 'c1'));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/learners:read/);
    expect((await csv(`/export/learners.csv?courseId=course-x`, await tokenFor('partner', 'c1', ['learners:read']))).rows.length).toBe(4);
    const bad = await get(`/export/learners.csv?courseId=course-x&asOf=yesterday`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: 'asOf' });
  });

  it('quiz-items: a quiz row, then its questions', async () => {
    const { rows } = await csv(`/export/quiz-items.csv?${PERIOD}&courseId=course-x`);
    const h = rows[0];
    const data = await gql<{ quizItems: Record<string, unknown>[] }>(
      `{ quizItems(courseId: "course-x", period: ${GQL_PERIOD}) { quizId attempts learners firstAttemptPassRate averageScore scoreHistogram questions { questionId answers shareCorrect mostChosenWrongAnswer } } }`,
    );
    const quiz = data.quizItems[0];
    const row = (r: string[]) => Object.fromEntries(h.map((c, i) => [c, r[i]]));
    expect(row(rows[1])).toMatchObject({ quizId: 'quiz-x', questionId: '', attempts: cell(quiz.attempts), averageScore: cell(quiz.averageScore) });
    expect(h.filter((c) => c.startsWith('scoreHistogram')).map((c) => row(rows[1])[c])).toEqual((quiz.scoreHistogram as number[]).map(String));
    const q = (quiz.questions as Record<string, unknown>[])[0];
    expect(row(rows[2])).toMatchObject({
      quizId: 'quiz-x',
      questionId: 'q1',
      attempts: '',
      answers: '3',
      shareCorrect: cell(q.shareCorrect),
      mostChosenWrongAnswer: 'b',
    });
  });

  it('video-engagement: one row per video, viewersRemaining as ten columns', async () => {
    const { rows } = await csv(`/export/video-engagement.csv?${PERIOD}&courseId=course-x`);
    const data = await gql<{ videoEngagement: Record<string, unknown>[] }>(
      `{ videoEngagement(courseId: "course-x", period: ${GQL_PERIOD}) { lessonId plays uniqueViewers averageShareWatched completionRate viewersRemaining } }`,
    );
    const v = data.videoEngagement[0];
    expect(rows[0].slice(0, 7)).toEqual(['lessonId', 'courseId', 'plays', 'uniqueViewers', 'averageShareWatched', 'completions', 'completionRate']);
    expect(rows[1].slice(0, 5)).toEqual(['l1', 'course-x', cell(v.plays), cell(v.uniqueViewers), cell(v.averageShareWatched)]);
    expect(rows[1].slice(7)).toEqual((v.viewersRemaining as number[]).map(String));
  });

  it('practice exports: progression, scenarios, strength areas, time distribution and learners', async () => {
    const data = await gql<{ practiceProgress: Record<string, Record<string, unknown>[]>; practiceLearners: Record<string, unknown>[] }>(
      `{ practiceProgress(period: ${GQL_PERIOD}, granularity: DAY) { scoreProgression { bucket start sessions learners averageScore practiceTimeSeconds averageDurationSeconds }
           scenarios { scenarioId sessions learners averageScore practiceTimeSeconds averageDurationSeconds shareOfSessions }
           strengthAreas { criterion sessions learners averageScore } timeDistribution { fromSeconds toSeconds sessions share } }
         practiceLearners(period: ${GQL_PERIOD}) { userId sessions averageScore firstScore lastScore scoreChange practiceTimeSeconds } }`,
    );
    const p = data.practiceProgress;
    const progression = (await csv(`/export/practice-progression.csv?${PERIOD}&granularity=day`)).rows;
    expect(progression.slice(1, 1 + p.scoreProgression.length)).toEqual(asCells(progression[0], p.scoreProgression));
    expect(progression.slice(1 + p.scoreProgression.length).map((r) => r[0])).toEqual(['b', 'a']);
    const scenarios = (await csv(`/export/practice-scenarios.csv?${PERIOD}`)).rows;
    expect(scenarios.slice(1)).toEqual(asCells(scenarios[0], p.scenarios));
    const strengths = (await csv(`/export/practice-strength-areas.csv?${PERIOD}`)).rows;
    expect(strengths.slice(1)).toEqual(asCells(strengths[0], p.strengthAreas));
    expect(strengths.slice(1).map((r) => r[0])).toEqual(['fluency', 'grammar']);
    const time = (await csv(`/export/practice-time-distribution.csv?${PERIOD}`)).rows;
    expect(time.slice(1)).toEqual(asCells(time[0], p.timeDistribution));
    const learners = (await csv(`/export/practice-learners.csv?${PERIOD}`)).rows;
    expect(learners[0]).toContain('strongestCriterion');
    expect(learners.slice(1).map((r) => r.slice(0, 7))).toEqual(asCells(learners[0].slice(0, 7), data.practiceLearners));
    expect(learners.slice(1).map((r) => r.slice(7))).toEqual([
      ['fluency', 'grammar'],
      ['fluency', 'grammar'],
      ['fluency', 'grammar'],
    ]);
    expect((await get(`/export/practice-learners.csv?${PERIOD}`, await tokenFor('partner', 'c1'))).status).toBe(403);
  });

  it('a partner naming another company gets 403', async () => {
    const res = await get(`/export/practice-scenarios.csv?${PERIOD}&companyId=c2`, await tokenFor('partner', 'c1'));
    expect(res.status).toBe(403);
  });
});
