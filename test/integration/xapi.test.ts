import { createHash } from 'node:crypto';
import { sql } from '../../src/clickhouse/sql';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import {
  authoringAnswer,
  authoringResult,
  COURSE_IRI,
  edxEnrollment,
  edxNavigated,
  edxProblemCheck,
  edxVideo,
  LMS,
  type Statement,
} from '../helpers/xapi-statements';

type Stored = {
  type: string;
  user_id: string;
  course_id: string;
  lesson_id: string;
  quiz_id: string;
  score: number | null;
  passed: boolean | null;
  duration_seconds: number;
  properties: string;
};

describe('POST /xapi/statements (xAPI 1.0.3 in, events out)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let ingestToken: string;
  beforeAll(async () => {
    ingestToken = await tokenFor('ingest');
    engine = await migratedEngine('xapi', { xapiCredentials: [{ key: 'storyline', secret: 's3cret:with-colon', token: ingestToken }] });
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.base}/xapi/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', authorization: `Bearer ${ingestToken}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, json: (await res.json()) as unknown };
  };
  const get = async (id: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.base}/xapi/statements?statementId=${id}`, {
      headers: { 'x-experience-api-version': '1.0.3', authorization: `Bearer ${t.adminToken}`, ...headers },
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const stored = async (id: string): Promise<Stored[]> =>
    engine.db.query<Stored>(
      'test.xapi_event',
      sql`SELECT type, user_id, course_id, lesson_id, quiz_id, score, passed, duration_seconds, toJSONString(properties) AS properties
          FROM ${engine.db.table('events')} WHERE event_id = toUUID(${id})`,
    );
  const hashOf = (canonical: string) => `xapi-${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;

  it('stores a statement and reads it back by id (the round trip)', async () => {
    const statement = edxEnrollment('learner-7');
    const res = await post(statement);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(res.json).toEqual([statement.id]);

    const back = await get(statement.id as string);
    expect(back.status).toBe(200);
    const userId = hashOf(`account:${LMS}|learner-7`);
    expect(back.json).toEqual({
      ...statement,
      actor: { objectType: 'Agent', account: { homePage: 'https://learnmetrics.dev/xapi/users', name: userId } },
      stored: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      authority: { objectType: 'Agent', account: { homePage: 'https://learnmetrics.dev/xapi/clients', name: 'ingest' } },
    });
    const [event] = await stored(statement.id as string);
    expect(event).toMatchObject({
      type: 'course.enrolled',
      user_id: userId,
      course_id: expect.stringMatching(/^course-v1:LearnX_Nurse101_2026_T1-[0-9a-f]{10}$/),
    });
    expect(JSON.parse(event.properties)).toMatchObject({ xapi_verb: 'http://adlnet.gov/expapi/verbs/registered', xapi_object: COURSE_IRI });
  });

  it('a re-sent statement is acknowledged and stored once; a batch is an array of ids in order', async () => {
    const a = edxProblemCheck('learner-7', 'p1', 1);
    const b = edxNavigated('learner-7');
    expect((await post([a, b])).json).toEqual([a.id, b.id]);
    expect((await post([a, b])).json).toEqual([a.id, b.id]);
    expect(await stored(a.id as string)).toHaveLength(1);
    expect(await stored(b.id as string)).toHaveLength(1);
    // A statement without id gets one (XAPI-00026) and the answer names it.
    const { id: _id, ...noId } = edxNavigated('learner-8');
    const answer = (await post(noId)).json as string[];
    expect(answer).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(await stored(answer[0])).toHaveLength(1);
  });

  it('maps verbs and activities to catalogue types, scores, video positions and answers', async () => {
    const statements: Statement[] = [
      edxProblemCheck('learner-9', 'p2', 0.5),
      edxVideo('learner-9', 'played', 12.5),
      edxVideo('learner-9', 'completed', 200),
      edxNavigated('learner-9'),
      authoringAnswer('Ada@Example.org', 'q1', 'yellow', false),
      authoringResult('ada@example.org', true, 0.8),
    ];
    expect((await post(statements)).status).toBe(200);
    const rows = await Promise.all(statements.map(async (s) => (await stored(s.id as string))[0]));
    const [problem, played, completed, navigated, answered, passed] = rows;
    expect(problem).toMatchObject({
      type: 'quiz.completed',
      score: 50,
      passed: false,
      quiz_id: expect.stringMatching(/^block-v1:LearnX_Nurse101_2026_T1_type_problem_block_p2-[0-9a-f]{10}$/),
    });
    expect(played).toMatchObject({ type: 'video.progressed', lesson_id: expect.stringMatching(/video_block_v1-[0-9a-f]{10}$/), course_id: problem.course_id });
    expect(JSON.parse(played.properties)).toMatchObject({ video_event: 'played', position_seconds: 12.5, length_seconds: 200 });
    expect(completed).toMatchObject({ type: 'video.progressed', duration_seconds: 200 });
    expect(JSON.parse(completed.properties)).toMatchObject({ percent: 100, completion: true });
    // Unknown verb: a custom event named after the verb, with its IRI.
    expect(navigated.type).toBe('xapi.navigated');
    expect(JSON.parse(navigated.properties).xapi_verb).toBe('https://w3id.org/xapi/dod-isd/verbs/navigated');
    // mbox is hashed as its mbox_sha1sum (case-insensitive address): the same learner in both statements.
    const sha1 = createHash('sha1').update('mailto:ada@example.org').digest('hex');
    expect(answered).toMatchObject({ type: 'quiz.completed', score: 0, passed: false, user_id: hashOf(`mbox_sha1sum:${sha1}`), duration_seconds: 13 });
    expect(JSON.parse(answered.properties).answers).toEqual([{ question_id: expect.stringMatching(/^q1-/), correct: false, answer: 'yellow' }]);
    expect(passed).toMatchObject({
      type: 'quiz.completed',
      score: 80,
      passed: true,
      user_id: answered.user_id,
      course_id: problem.course_id,
      duration_seconds: 240,
    });
    // No email address is stored anywhere.
    const back = await get(statements[4].id as string);
    expect(JSON.stringify(back.json)).not.toMatch(/ada@|mailto|Ada Learner/i);
  });

  it('refuses an invalid batch whole, with the problems per statement in the NDJSON shape', async () => {
    const good = edxNavigated('learner-10');
    const bad = { ...edxNavigated('learner-10'), verb: { id: 'navigated' }, result: { success: 'yes' } };
    const future = { ...edxNavigated('learner-10'), timestamp: '2999-01-01T00:00:00Z' };
    const res = await post([good, bad, future]);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      accepted: 0,
      rejected: 3,
      errors: [
        { line: 2, field: 'verb.id', message: expect.stringContaining('IRI') },
        { line: 2, field: 'result.success', message: expect.stringContaining('true or false') },
      ],
    });
    expect(await stored(good.id as string)).toHaveLength(0);
    // The event model's own rules (here: a timestamp far in the future) come back the same way.
    const res2 = await post([good, future]);
    expect(res2.status).toBe(400);
    expect(res2.json).toMatchObject({ errors: [{ line: 2, field: 'timestamp' }] });
    expect(await stored(good.id as string)).toHaveLength(0);
    // Two statements with one id in a batch.
    expect((await post([good, good])).json).toMatchObject({ errors: [{ line: 2, field: 'id' }] });
    // Duplicate keys in one object (XAPI-00021).
    const dup = JSON.stringify(good).replace('"version":"1.0.3"', '"version":"1.0.3","version":"1.0.3"');
    expect((await post(dup)).json).toMatchObject({ errors: [{ line: 1, field: 'version', message: expect.stringContaining('twice') }] });
  });

  it('wants X-Experience-API-Version 1.0.x, JSON, and an ingest or admin credential', async () => {
    const s = edxNavigated('learner-11');
    expect((await post(s, { 'x-experience-api-version': '' })).status).toBe(400);
    expect((await post(s, { 'x-experience-api-version': '0.95' })).status).toBe(400);
    expect((await post(s, { 'x-experience-api-version': '1.0.0' })).status).toBe(200);
    expect((await post(s, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(s, { authorization: '' })).status).toBe(401);
    expect((await post(s, { authorization: `Bearer ${await tokenFor('analyst')}` })).status).toBe(403);
  });

  it('accepts LRS-style Basic credentials mapped to an ingest token', async () => {
    const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    const s = authoringResult('grace@example.org', false, 0.4);
    const ok = await post(s, { authorization: basic('storyline', 's3cret:with-colon') });
    expect(ok.status).toBe(200);
    const wrong = await post(s, { authorization: basic('storyline', 's3cret') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/Basic/);
    expect((await post(s, { authorization: basic('unknown', 's3cret:with-colon') })).status).toBe(401);
  });

  it("a company's ingest token stores its statements as that company's", async () => {
    const s = edxNavigated('learner-13');
    expect((await post(s, { authorization: `Bearer ${await tokenFor('ingest', 'company-07')}` })).status).toBe(200);
    const rows = await engine.db.query<{ company_id: string }>(
      'test.xapi_company',
      sql`SELECT company_id FROM ${engine.db.table('events')} WHERE event_id = toUUID(${s.id as string})`,
    );
    expect(rows).toEqual([{ company_id: 'company-07' }]);
  });

  it('GET /xapi/about needs no credentials; reads need a metrics role and a known id', async () => {
    const about = await fetch(`${t.base}/xapi/about`);
    expect(about.status).toBe(200);
    expect(((await about.json()) as { version: string[] }).version).toContain('1.0.3');
    expect((await get('0f8fad5b-d9cb-469f-a165-70867728950e')).status).toBe(404);
    expect((await get('nope')).json).toMatchObject({ parameter: 'statementId' });
    expect((await get('0f8fad5b-d9cb-469f-a165-70867728950e', { authorization: `Bearer ${ingestToken}` })).status).toBe(403);
    // A partner reads only statements of its own company: this one has none.
    const s = edxNavigated('learner-12');
    await post(s);
    expect((await get(s.id as string, { authorization: `Bearer ${await tokenFor('partner', 'company-01')}` })).status).toBe(404);
  });
});
