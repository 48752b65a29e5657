import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { SignJWT } from 'jose';
import { TEST_JWT_SECRET } from '../helpers/engine';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

type Metrics = {
  practiceSessionsCompleted: number;
  averageScore: number | null;
  practiceTimeSeconds: number;
  lastActiveAt: string | null;
  coursesEnrolled: number;
  coursesCompleted: number;
};

describe('learner (hand-built events, raw events)', () => {
  let engine: TestEngine;
  let t: TestServer;
  beforeAll(async () => {
    engine = await migratedEngine('learner');
    t = await startTestServer(engine);
    const practice = (timestamp: string, duration_seconds: number, score: number, user_id = 'u1') =>
      anEvent({ type: 'practice_session.completed', user_id, company_id: 'c1', timestamp, duration_seconds, score });
    const events = [
      practice('2026-02-20T10:00:00Z', 1000, 10),
      practice('2026-03-02T10:00:00Z', 600, 70),
      practice('2026-03-03T10:00:00Z', 300, 90),
      // 02:00 UTC on 03-04 is still 03-03 in New York (UTC-5).
      practice('2026-03-04T02:00:00Z', 100, 40),
      practice('2026-03-02T10:00:00Z', 999, 1, 'u2'),
      anEvent({ type: 'course.enrolled', user_id: 'u1', course_id: 'course-A', company_id: 'c1', timestamp: '2026-03-02T11:00:00Z' }),
      anEvent({ type: 'course.enrolled', user_id: 'u1', course_id: 'course-A', company_id: 'c1', timestamp: '2026-03-02T12:00:00Z' }),
      anEvent({ type: 'course.enrolled', user_id: 'u1', course_id: 'course-B', company_id: 'c1', timestamp: '2026-03-03T11:00:00Z' }),
      anEvent({ type: 'course.completed', user_id: 'u1', course_id: 'course-A', company_id: 'c1', timestamp: '2026-03-03T15:00:00Z' }),
      // The same learner through another company.
      anEvent({ type: 'lesson.started', user_id: 'u1', company_id: 'c2', timestamp: '2026-03-03T20:00:00Z' }),
      // After the period: not "last active" as of its end.
      anEvent({ type: 'user.logged_in', user_id: 'u1', company_id: 'c1', timestamp: '2026-03-05T08:00:00Z' }),
      anEvent({ type: 'user.logged_in', user_id: 'u3', company_id: 'c2', timestamp: '2026-03-02T08:00:00Z' }),
    ];
    expect((await t.postEvents(toNdjson(events))).json).toMatchObject({ accepted: events.length });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const FIELDS = 'practiceSessionsCompleted averageScore practiceTimeSeconds lastActiveAt coursesEnrolled coursesCompleted';
  const learner = async (args: string, period = '{ from: "2026-03-01", to: "2026-03-04" }') => {
    const res = await t.graphql<{ learner: { userId: string; metrics: Metrics } | null }>(
      `{ learner(${args}) { userId metrics(period: ${period}) { ${FIELDS} } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.learner;
  };
  const badInput = async (args: string, period = '{ from: "2026-03-01", to: "2026-03-04" }') => {
    const res = await t.graphql<{ learner: unknown }>(`{ learner(${args}) { userId metrics(period: ${period}) { practiceSessionsCompleted } } }`);
    expect(res.data?.learner ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    return { message: res.errors![0].message, argumentName: res.errors![0].extensions!.argumentName };
  };

  it("computes the learner's practice, courses and last activity in the period", async () => {
    expect(await learner('userId: "u1"')).toEqual({
      userId: 'u1',
      metrics: {
        practiceSessionsCompleted: 2,
        averageScore: 80,
        practiceTimeSeconds: 900,
        lastActiveAt: '2026-03-03T20:00:00.000Z',
        coursesEnrolled: 2,
        coursesCompleted: 1,
      },
    });
  });

  it('cuts the period in its timezone', async () => {
    const r = await learner('userId: "u1"', '{ from: "2026-03-01", to: "2026-03-04", timezone: "America/New_York" }');
    expect(r!.metrics).toEqual({
      practiceSessionsCompleted: 3,
      averageScore: (70 + 90 + 40) / 3,
      practiceTimeSeconds: 1000,
      lastActiveAt: '2026-03-04T02:00:00.000Z',
      coursesEnrolled: 2,
      coursesCompleted: 1,
    });
  });

  it('answers nulls and zeros for a period with nothing, and looks back for lastActiveAt', async () => {
    expect((await learner('userId: "u1"', '{ from: "2026-01-01", to: "2026-01-10" }'))!.metrics).toEqual({
      practiceSessionsCompleted: 0,
      averageScore: null,
      practiceTimeSeconds: 0,
      lastActiveAt: null,
      coursesEnrolled: 0,
      coursesCompleted: 0,
    });
    expect((await learner('userId: "u1"', '{ from: "2026-02-25", to: "2026-02-26" }'))!.metrics).toMatchObject({
      practiceSessionsCompleted: 0,
      lastActiveAt: '2026-02-20T10:00:00.000Z',
    });
  });

  it("stays inside the company scope: other companies' events are invisible", async () => {
    expect((await learner('userId: "u1", companyId: "c1"'))!.metrics).toMatchObject({ practiceSessionsCompleted: 2, lastActiveAt: '2026-03-03T15:00:00.000Z' });
    expect((await learner('userId: "u1", companyId: "c2"'))!.metrics).toEqual({
      practiceSessionsCompleted: 0,
      averageScore: null,
      practiceTimeSeconds: 0,
      lastActiveAt: '2026-03-03T20:00:00.000Z',
      coursesEnrolled: 0,
      coursesCompleted: 0,
    });
    expect(await learner('userId: "u3", companyId: "c1"')).toBeNull();
    expect(await learner('userId: "nobody"')).toBeNull();
  });

  it('rejects SQL metacharacters in userId and treats them in companyId as plain values', async () => {
    const sent: { query: string; params: Record<string, unknown> }[] = [];
    const stop = engine.db.onQuery((e) => sent.push(e));
    for (const evil of ["' OR 1=1 --", '`u1`', '{p1:String}', "properties.a'); DROP"]) {
      expect(await badInput(`userId: ${JSON.stringify(evil)}`)).toMatchObject({ argumentName: 'userId' });
      expect(await learner(`userId: "u1", companyId: ${JSON.stringify(evil)}`)).toBeNull();
    }
    stop();
    // The values that reached ClickHouse went out as bound parameters, never as query text.
    expect(sent.filter((e) => /OR 1=1|`|DROP/.test(e.query))).toEqual([]);
    expect(sent.some((e) => Object.values(e.params).includes('{p1:String}'))).toBe(true);
    expect((await learner('userId: "u1"'))!.metrics.practiceSessionsCompleted).toBe(2);
  });

  it('rejects bad arguments before querying, naming the argument', async () => {
    expect(await badInput('userId: ""')).toMatchObject({ argumentName: 'userId' });
    expect(await badInput(`userId: "${'x'.repeat(129)}"`)).toMatchObject({ argumentName: 'userId' });
    expect(await badInput('userId: "u1"', '{ from: "2026-03-04", to: "2026-03-01" }')).toMatchObject({ argumentName: 'period' });
    expect(await badInput('userId: "u1"', '{ from: "2020-01-01", to: "2026-03-01" }')).toMatchObject({ argumentName: 'period' });
    expect(await badInput('userId: "u1"', '{ from: "1970-01-01", to: "1970-01-04", timezone: "Africa/Monrovia" }')).toMatchObject({
      argumentName: 'period.timezone',
    });
  });

  describe('learner-level reads are a scope (learners:read)', () => {
    const ask = async (
      token: string,
      query = '{ learner(userId: "u1") { userId metrics(period: { from: "2026-03-01", to: "2026-03-04" }) { practiceSessionsCompleted } } }',
    ) =>
      t.graphql<{ learner: { userId: string; metrics: { practiceSessionsCompleted: number } } | null }>(query, undefined, { authorization: `Bearer ${token}` });

    it('a partner token without the scope is FORBIDDEN, saying which scope it needs, before any query', async () => {
      const sent: string[] = [];
      const stop = engine.db.onQuery((e) => sent.push(e.operation));
      const res = await ask(await tokenFor('partner', 'c1'));
      stop();
      expect(res.data?.learner ?? null).toBeNull();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].message).toMatch(/need the token scope "learners:read"/);
      expect(sent.filter((op) => op.startsWith('metrics.learner'))).toEqual([]);
    });

    it("with learners:read a partner reads its own company's learners, and only inside its company", async () => {
      const token = await tokenFor('partner', 'c1', ['learners:read']);
      expect((await ask(token)).data!.learner).toEqual({ userId: 'u1', metrics: { practiceSessionsCompleted: 2 } });
      // u3 is a learner of c2 only: for c1's partner it does not exist.
      expect((await ask(token, '{ learner(userId: "u3") { userId } }')).data!.learner).toBeNull();
      expect((await ask(token, '{ learner(userId: "u1", companyId: "c2") { userId } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it("takes OAuth's space-separated `scope` claim as well as a `scopes` list", async () => {
      const viaScopeClaim = await new SignJWT({ role: 'partner', company_id: 'c1', scope: 'metrics:read learners:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      expect((await ask(viaScopeClaim)).data!.learner).toMatchObject({ userId: 'u1' });
    });

    it('admin and analyst have it by role; an ingest token reads nothing', async () => {
      for (const role of ['admin', 'analyst'] as const) expect((await ask(await tokenFor(role))).data!.learner).toMatchObject({ userId: 'u1' });
      expect((await ask(await tokenFor('ingest', undefined, ['learners:read']))).status).toBe(403);
    });
  });
});
