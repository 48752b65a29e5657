import { sql } from '../../src/clickhouse/sql';
import { aCourseTree, getCourse, putCourse } from '../helpers/catalog';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

describe('PUT /v1/catalog/courses/{id}: the course structure store', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('catalog', { rateLimitIngestPerMinute: 0 });
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const rowCount = async (table: string, courseId: string) => {
    const rows = await engine.db.query<{ n: number | string }>(
      'test.count',
      sql`SELECT count() AS n FROM ${engine.db.table(table as 'catalog_lessons')} WHERE course_id = ${courseId}`,
    );
    return Number(rows[0].n);
  };

  it('stores the whole tree as version 1 and reads it back in curriculum order', async () => {
    const tree = aCourseTree('c-store', [2, 3]);
    const put = await putCourse(t, 'c-store', tree);
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({ outcome: 'created', courseId: 'c-store', version: 1 });
    expect(put.json.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const got = await getCourse(t, 'c-store');
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ courseId: 'c-store', version: 1, title: 'Course c-store', passThreshold: 70 });
    const modules = got.json.modules as { id: string; lessons: { id: string; type: string; expectedDurationSeconds: number }[] }[];
    expect(modules.map((m) => [m.id, m.lessons.map((l) => l.id)])).toEqual([
      ['c-store-m1', ['c-store-m1-l1', 'c-store-m1-l2']],
      ['c-store-m2', ['c-store-m2-l1', 'c-store-m2-l2', 'c-store-m2-l3']],
    ]);
    expect(modules[0].lessons[0]).toEqual({
      id: 'c-store-m1-l1',
      title: 'Lesson 1.1',
      type: 'video',
      expectedDurationSeconds: 600,
      topicId: '',
      topicTitle: '',
    });
    const quizzes = got.json.quizzes as Record<string, unknown>[];
    expect(quizzes).toEqual([
      {
        id: 'c-store-exam',
        lessonId: '',
        title: 'Final exam',
        passThreshold: 70,
        maxAttempts: 3,
        timeLimitSeconds: null,
        questions: [
          {
            id: 'q1',
            type: 'single_choice',
            text: '2 + 2?',
            points: 1,
            answers: [
              { id: 'a', text: '4', correct: true },
              { id: 'b', text: '5', correct: false },
            ],
          },
          {
            id: 'q2',
            type: 'true_false',
            text: 'SQL is declarative',
            points: 2,
            answers: [
              { id: 't', text: 'true', correct: true },
              { id: 'f', text: 'false', correct: false },
            ],
          },
        ],
      },
    ]);
  });

  it('is idempotent: the same tree again stores nothing and answers the same version', async () => {
    const tree = aCourseTree('c-idem');
    const first = await putCourse(t, 'c-idem', tree);
    const again = await putCourse(t, 'c-idem', tree);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ ...first.json, outcome: 'unchanged' });
    expect(await rowCount('catalog_courses', 'c-idem')).toBe(1);
    expect(await rowCount('catalog_lessons', 'c-idem')).toBe(4);
    expect(await rowCount('catalog_questions', 'c-idem')).toBe(2);
  });

  it('versions: a changed tree becomes version 2, older versions stay readable', async () => {
    await putCourse(t, 'c-ver', aCourseTree('c-ver', [1]));
    const changed = await putCourse(t, 'c-ver', aCourseTree('c-ver', [1, 1]));
    expect(changed).toMatchObject({ status: 201, json: { outcome: 'created', version: 2 } });
    const latest = await getCourse(t, 'c-ver');
    expect((latest.json.modules as unknown[]).length).toBe(2);
    expect((latest.json.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const v1 = await getCourse(t, 'c-ver', '?version=1');
    expect(v1.json).toMatchObject({ version: 1 });
    expect((v1.json.modules as unknown[]).length).toBe(1);
    // Back to the first tree: that is a new version too (the newest is what metrics read).
    expect((await putCourse(t, 'c-ver', aCourseTree('c-ver', [1]))).json).toMatchObject({ outcome: 'created', version: 3 });
  });

  it("takes the platform's own version number; a different tree under a stored version is 409", async () => {
    expect((await putCourse(t, 'c-own', { ...aCourseTree('c-own'), version: 7 })).json).toMatchObject({ outcome: 'created', version: 7 });
    expect(await putCourse(t, 'c-own', { ...aCourseTree('c-own'), version: 7 })).toMatchObject({ status: 200, json: { outcome: 'unchanged', version: 7 } });
    const conflict = await putCourse(t, 'c-own', { ...aCourseTree('c-own', [3]), version: 7 });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error).toMatch(/version 7 of course c-own is already stored with a different tree/);
    expect((await getCourse(t, 'c-own')).json).toMatchObject({ version: 7 });
    expect((await putCourse(t, 'c-own', aCourseTree('c-own', [3]))).json).toMatchObject({ outcome: 'created', version: 8 });
  });

  it('refuses a bad tree with every problem and its JSON path, and stores nothing', async () => {
    const bad = {
      ...aCourseTree('c-bad'),
      courseId: 'c-other',
      colour: 'red',
      modules: [
        {
          id: 'm1',
          title: 'One',
          lessons: [
            { id: 'l1', title: 'A', type: 'hologram' },
            { id: 'l1', title: '' },
          ],
        },
        { id: 'm 2', title: 'Two', lessons: [] },
      ],
      quizzes: [{ id: 'q1', lessonId: 'nope', passThreshold: 140, maxAttempts: 0 }],
    };
    const res = await putCourse(t, 'c-bad', bad);
    expect(res.status).toBe(400);
    expect(res.json.problems).toEqual(
      expect.arrayContaining([
        { path: '$.colour', message: expect.stringMatching(/not a field/) },
        { path: '$.courseId', message: expect.stringMatching(/path names "c-bad"/) },
        { path: '$.modules[0].lessons[0].type', message: expect.stringMatching(/one of video, text/) },
        { path: '$.modules[0].lessons[1].title', message: 'must not be empty' },
        { path: '$.modules[0].lessons[1].id', message: expect.stringMatching(/also at \$\.modules\[0\]\.lessons\[0\]\.id/) },
        { path: '$.modules[1].id', message: expect.stringMatching(/letters, digits/) },
        { path: '$.modules[1].lessons', message: expect.stringMatching(/at least one lesson/) },
        { path: '$.quizzes[0].lessonId', message: expect.stringMatching(/not in \$\.modules/) },
        { path: '$.quizzes[0].passThreshold', message: expect.stringMatching(/from 0 to 100/) },
        { path: '$.quizzes[0].maxAttempts', message: expect.stringMatching(/from 1/) },
      ]),
    );
    expect(await rowCount('catalog_lessons', 'c-bad')).toBe(0);
    expect((await putCourse(t, 'c-bad', '{"title": ')).status).toBe(400);
    expect((await putCourse(t, 'c-bad', [1, 2])).json.problems).toEqual([{ path: '$', message: 'must be an object, got [1,2]' }]);
  });

  it('needs JSON and an ingest or admin token; GET needs admin, analyst or ingest', async () => {
    const tree = JSON.stringify(aCourseTree('c-auth'));
    expect((await putCourse(t, 'c-auth', tree, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await putCourse(t, 'c-auth', tree, { authorization: `Bearer ${await tokenFor('analyst')}` })).status).toBe(403);
    expect((await putCourse(t, 'c-auth', tree, { authorization: `Bearer ${await tokenFor('partner', 'company-01')}` })).status).toBe(403);
    expect((await putCourse(t, 'c-auth', tree, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await putCourse(t, 'c-auth', tree, { authorization: `Bearer ${await tokenFor('ingest')}` })).status).toBe(201);
    expect((await getCourse(t, 'c-auth', '', { authorization: `Bearer ${await tokenFor('partner', 'company-01')}` })).status).toBe(403);
    expect((await getCourse(t, 'c-auth', '', { authorization: `Bearer ${await tokenFor('analyst')}` })).status).toBe(200);
    expect((await getCourse(t, 'c-missing')).status).toBe(404);
    expect((await getCourse(t, 'c-auth', '?version=x')).status).toBe(400);
    const post = await fetch(`${t.base}/v1/catalog/courses/c-auth`, { method: 'POST', headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(post.status).toBe(405);
  });
});
