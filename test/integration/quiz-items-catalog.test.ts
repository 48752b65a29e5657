import { aCourseTree, putCourse } from '../helpers/catalog';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, type TestServer } from '../helpers/http';

/** quizItems joined with the catalogue: names, order, pass threshold; quizzes not in it still count. */
describe('quizItems with the catalogue', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('quiz_items_catalog');
    t = await startTestServer(engine);
    const tree = aCourseTree('course-c', [1]);
    (tree.quizzes as Record<string, unknown>[])[0].passThreshold = 90;
    expect((await putCourse(t, 'course-c', tree)).status).toBe(201);
    const attempt = (user: string, quiz: string, score: number, passed: boolean | undefined, questions: string[]) =>
      anEvent({
        type: 'quiz.completed',
        user_id: user,
        course_id: 'course-c',
        quiz_id: quiz,
        score,
        passed,
        properties: { answers: questions.map((q) => ({ question_id: q, answer: 'a', correct: true })) },
        timestamp: '2026-02-10T09:00:00.000Z',
      });
    const events = [
      // 80 without `passed`: a pass at the default 70, a failure at the catalogue's 90.
      attempt('u1', 'course-c-exam', 80, undefined, ['q1', 'q9']),
      attempt('u2', 'course-c-exam', 95, undefined, ['q1']),
      attempt('u3', 'course-c-exam', 85, true, ['q2']),
      // Not in the catalogue: counted, at the default mark.
      attempt('u1', 'loose-quiz', 75, undefined, []),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length, rejected: 0 });
  });
  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  const FIELDS =
    'quizId inCatalog title lessonId position passThreshold maxAttempts passMark firstAttemptPassRate questions { questionId inCatalog text position shareCorrect }';

  it('names, order and pass threshold from the catalogue; uncatalogued quizzes and questions still count', async () => {
    const res = await t.graphql<{ quizItems: unknown[] }>(
      `{ quizItems(period: { from: "2026-02-10", to: "2026-02-11" }, courseId: "course-c") { ${FIELDS} } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.quizItems).toEqual([
      {
        quizId: 'course-c-exam',
        inCatalog: true,
        title: 'Final exam',
        lessonId: null,
        position: 1,
        passThreshold: 90,
        maxAttempts: 3,
        passMark: 90,
        firstAttemptPassRate: 2 / 3,
        questions: [
          { questionId: 'q1', inCatalog: true, text: '2 + 2?', position: 1, shareCorrect: 1 },
          { questionId: 'q2', inCatalog: true, text: 'SQL is declarative', position: 2, shareCorrect: 1 },
          { questionId: 'q9', inCatalog: false, text: null, position: null, shareCorrect: 1 },
        ],
      },
      {
        quizId: 'loose-quiz',
        inCatalog: false,
        title: null,
        lessonId: null,
        position: null,
        passThreshold: null,
        maxAttempts: null,
        passMark: 70,
        firstAttemptPassRate: 1,
        questions: [],
      },
    ]);
  });

  it('by quizId too', async () => {
    const res = await t.graphql<{ quizItems: unknown[] }>(
      `{ quizItems(period: { from: "2026-02-10", to: "2026-02-11" }, quizId: "course-c-exam") { quizId title passMark firstAttemptPassRate } }`,
    );
    expect(res.data!.quizItems).toEqual([{ quizId: 'course-c-exam', title: 'Final exam', passMark: 90, firstAttemptPassRate: 2 / 3 }]);
  });
});
