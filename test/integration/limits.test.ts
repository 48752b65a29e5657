import { getIntrospectionQuery } from 'graphql';
import { sql } from '../../src/clickhouse/sql';
import { DEFAULT_LIMITS, type LimitsConfig } from '../../src/config/limits-config';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

type GqlError = { message: string; extensions?: Record<string, unknown> };

const P = (from: string, to: string) => `{ from: "${from}", to: "${to}" }`;
const MARCH = P('2026-03-01', '2026-03-08');
const DAU = `dau(period: ${MARCH}) { date value }`;

/** Abuse documents are refused with a typed error and HTTP 400, and ClickHouse never hears of them. */
describe('limits before any ClickHouse query', () => {
  let engine: TestEngine;
  let t: TestServer;
  let partner: Record<string, string>;
  let queries: string[] = [];
  let unsubscribe: () => void;

  beforeAll(async () => {
    engine = await migratedEngine('limits');
    t = await startTestServer(engine);
    partner = { authorization: `Bearer ${await tokenFor('partner', 'co-a')}` };
    unsubscribe = engine.db.onQuery((e) => queries.push(e.operation));
  });
  afterAll(async () => {
    unsubscribe();
    await t.server.stop();
    await engine.dispose();
  });
  beforeEach(() => {
    queries = [];
  });

  type Answer = { status: number; data?: unknown; errors?: GqlError[] };

  /** Sends a request; it must be refused with `code`, HTTP 400, no data, no ClickHouse query; the server still answers afterwards. */
  async function expectRefused(send: () => Promise<Answer>, code: string, message?: RegExp): Promise<Answer> {
    queries = [];
    const res = await send();
    expect({ status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({ status: 400, code });
    expect(res.data).toBeUndefined();
    if (message) expect(res.errors![0].message).toMatch(message);
    expect(queries).toEqual([]);
    const health = await t.graphql<{ serverInfo: { version: string } }>('{ serverInfo { version } }');
    expect(health.status).toBe(200);
    expect(health.data?.serverInfo.version).toEqual(expect.any(String));
    return res;
  }

  async function expectServed(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
    const res = await t.graphql(query, variables, headers);
    expect({ status: res.status, errors: res.errors }).toEqual({ status: 200, errors: undefined });
    return res;
  }

  async function postRaw(body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  }

  describe('depth', () => {
    it('refuses a document 50 levels deep (QUERY_TOO_DEEP)', async () => {
      let inner = 'name';
      for (let i = 0; i < 46; i += 1) inner = `ofType { ${inner} }`;
      await expectRefused(() => t.graphql(`{ __schema { types { fields { type { ${inner} } } } } }`), 'QUERY_TOO_DEEP', /more than 15 levels deep/);
    });

    it('counts data fields against MAX_QUERY_DEPTH (here 3): 4 levels refused, 3 served', async () => {
      const shallow = await startTestServer({ ...engine, config: { ...engine.config, limits: { ...DEFAULT_LIMITS, maxDepth: 3 } } });
      try {
        queries = [];
        const deep = await shallow.graphql(`{ courses(period: ${MARCH}) { engagement { series { bucket } } } }`);
        expect({ status: deep.status, code: deep.errors?.[0]?.extensions?.code, queries }).toEqual({ status: 400, code: 'QUERY_TOO_DEEP', queries: [] });
        expect(deep.errors![0].message).toMatch(/more than 3 levels deep/);
        const ok = await shallow.graphql(`{ courses(period: ${MARCH}) { engagement { enrollments } } }`);
        expect({ status: ok.status, errors: ok.errors }).toEqual({ status: 200, errors: undefined });
      } finally {
        await shallow.server.stop();
      }
    });

    it('serves the standard introspection query (15 levels, what GraphiQL and codegen send)', async () => {
      const res = await expectServed(getIntrospectionQuery());
      expect(res.data).toHaveProperty('__schema');
    });
  });

  describe('aliases and root fields', () => {
    it('refuses 10,000 aliases (TOO_MANY_ALIASES)', async () => {
      const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i}: version`).join(' ');
      await expectRefused(() => t.graphql(`{ serverInfo { ${aliases} } }`), 'TOO_MANY_ALIASES', /at most 30/);
    });

    it('refuses 10,000 aliases at the root, and aliases hidden in fragments', async () => {
      const roots = Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ');
      await expectRefused(() => t.graphql(`{ ${roots} }`), 'TOO_MANY_ALIASES');
      const half = Array.from({ length: 16 }, (_, i) => `a${i}: version`).join(' ');
      await expectRefused(
        () =>
          t.graphql(
            `{ serverInfo { ...F ... on ServerInfo { ...G } } } fragment F on ServerInfo { ${half} } fragment G on ServerInfo { ${half.replace(/a(\d+):/g, 'b$1:')} }`,
          ),
        'TOO_MANY_ALIASES',
      );
    });

    it('stops parsing a 700 kB document of 10,000 aliased metric fields at the token limit (GRAPHQL_PARSE_FAILED)', async () => {
      // The parser's own message says it stopped at the limit; no wall-clock bound (it would
      // measure the machine's load, not the server).
      const roots = Array.from({ length: 10_000 }, (_, i) => `a${i}: ${DAU}`).join(' ');
      await expectRefused(() => t.graphql(`{ ${roots} }`), 'GRAPHQL_PARSE_FAILED', /more than 40000 tokens|more that 40000 tokens/);
    });

    it('serves 30 aliases', async () => {
      const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: version`).join(' ');
      await expectServed(`{ serverInfo { ${aliases} } }`);
    });

    it('refuses 21 root fields (TOO_MANY_ROOT_FIELDS) and serves 20', async () => {
      const roots = (n: number) =>
        Array.from({ length: n }, (_, i) => `d${i}: ${DAU.replace('2026-03-08', `2026-03-${String(10 + i).padStart(2, '0')}`)}`).join(' ');
      await expectRefused(() => t.graphql(`{ ${roots(21)} }`), 'TOO_MANY_ROOT_FIELDS', /at most 20 .*split it into several requests/);
      const res = await expectServed(`{ ${roots(20)} }`);
      expect(Object.keys(res.data!)).toHaveLength(20);
    });

    it('counts a fragment that spreads fragments 2^40 times without walking them all (TOO_MANY_ALIASES / TOO_MANY_FIELDS)', async () => {
      // 2^40 (about 10^12) expansions: a walk over all of them would never answer, so an answer
      // at all shows the walk stopped; no wall-clock bound (it would measure the machine's load).
      const fragments = ['fragment F0 on ServerInfo { x: version }'];
      for (let i = 1; i <= 40; i += 1) fragments.push(`fragment F${i} on ServerInfo { ...F${i - 1} ... on ServerInfo { ...F${i - 1} } }`);
      await expectRefused(() => t.graphql(`{ serverInfo { ...F40 } } ${fragments.join(' ')}`), 'TOO_MANY_ALIASES');
    });
  });

  describe('batched operations', () => {
    const op = (i: number) => ({ query: `query Q${i} { ${DAU} }` });

    it('refuses 1,000 batched operations before running any (TOO_MANY_OPERATIONS)', async () => {
      const res = await postRaw(Array.from({ length: 1000 }, (_, i) => op(i)));
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        errors: [{ extensions: { code: 'TOO_MANY_OPERATIONS', limit: 10, actual: 1000 }, message: expect.stringMatching(/1000 operations; at most 10/) }],
      });
      expect(queries).toEqual([]);
      expect((await t.graphql('{ serverInfo { version } }')).status).toBe(200);
    });

    it('serves a batch of 10', async () => {
      const res = await postRaw(Array.from({ length: 10 }, (_, i) => op(i)));
      expect(res.status).toBe(200);
      expect(res.json).toHaveLength(10);
      for (const one of res.json as { data: { dau: unknown[] } }[]) expect(one.data.dau).toHaveLength(7);
    });

    it('charges a batch against one budget: the operation that goes over is refused', async () => {
      // 9 raw-event fields of 25 points for a partner (budget 200): 8 fit, the ninth does not.
      const raw = { query: `{ eventMetrics(eventType: "course.enrolled", period: ${MARCH}) { value } }` };
      const res = await postRaw(
        Array.from({ length: 9 }, () => raw),
        partner,
      );
      const answers = res.json as { data?: unknown; errors?: GqlError[] }[];
      expect(answers).toHaveLength(9);
      const refused = answers.filter((a) => a.errors?.[0]?.extensions?.code === 'QUERY_TOO_COMPLEX');
      expect(refused).toHaveLength(1);
      expect(refused[0].errors![0].message).toMatch(/costs 25 points \(200 already spent by earlier operations of this batch\); a partner token may spend 200/);
      expect(answers.filter((a) => a.errors === undefined)).toHaveLength(8);
    });
  });

  describe('periods', () => {
    it('refuses a 10-year period at HOUR granularity before any query, even next to a valid field', async () => {
      const tenYears = `activeUsers(period: ${P('2016-01-01', '2026-01-01')}, granularity: HOUR) { bucket value }`;
      await expectRefused(() => t.graphql(`{ ${tenYears} }`), 'BAD_USER_INPUT', /^period: 3653 days is longer than the 31-day limit at HOUR granularity/);
      await expectRefused(() => t.graphql(`{ ${DAU} ${tenYears} }`), 'BAD_USER_INPUT');
      await expectRefused(
        () => t.graphql(`query($p: PeriodInput!) { eventCounts(period: $p, granularity: HOUR) { count } }`, { p: { from: '2016-01-01', to: '2026-01-01' } }),
        'BAD_USER_INPUT',
      );
    });

    it('applies the HOUR limit of a nested series to the period of its parent field', async () => {
      const query = `{ courseEngagement(courseId: "c-a", period: ${P('2026-01-01', '2026-03-01')}) { enrollments series(granularity: HOUR) { bucket } } }`;
      await expectRefused(() => t.graphql(query), 'BAD_USER_INPUT', /^period: 59 days is longer than the 31-day limit at HOUR/);
    });

    it('serves 31 days at HOUR granularity and 400 days at DAY', async () => {
      const hours = await expectServed(`{ activeUsers(period: ${P('2026-01-01', '2026-02-01')}, granularity: HOUR) { bucket } }`);
      expect((hours.data as { activeUsers: unknown[] }).activeUsers).toHaveLength(31 * 24);
      await expectServed(`{ activeUsers(period: ${P('2025-01-01', '2026-02-05')}, granularity: DAY) { bucket } }`);
    });
  });

  describe('list sizes', () => {
    it('refuses 100,000 ids sent as a variable (LIST_TOO_LONG)', async () => {
      const ids = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
      const res = await expectRefused(
        () => t.graphql(`query($ids: [ID!]) { courses(period: ${MARCH}, ids: $ids) { id } }`, { ids }),
        'LIST_TOO_LONG',
        /^ids: 100000 items in one list .*at most 500/,
      );
      expect(res.errors![0].extensions).toMatchObject({ limit: 500, actual: 100_000, argumentName: 'ids' });
    });

    it('refuses 10,000 ids written in the document, and lists inside input objects', async () => {
      const ids = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `co-${i}`));
      await expectRefused(() => t.graphql(`{ companies(period: ${MARCH}, ids: ${ids}) { companyId } }`), 'LIST_TOO_LONG');
      const where = Array.from({ length: 501 }, () => ({ property: 'a', value: '1' }));
      const steps = [{ eventType: 'course.enrolled' }, { eventType: 'course.completed', where }];
      const funnel = `query($steps: [FunnelStepInput!]!) { funnel(steps: $steps, period: ${MARCH}) { overallConversion } }`;
      await expectRefused(() => t.graphql(funnel, { steps }), 'LIST_TOO_LONG', /^steps\[1\]\.where: 501 items/);
    });

    it('refuses 501 ids and serves 500', async () => {
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `c-${i}`);
      const query = `query($ids: [ID!]) { courses(period: ${MARCH}, ids: $ids) { id } }`;
      await expectRefused(() => t.graphql(query, { ids: ids(501) }), 'LIST_TOO_LONG');
      const res = await expectServed(query, { ids: ids(500) });
      expect((res.data as { courses: unknown[] }).courses).toHaveLength(500);
    });
  });

  describe('cost budget per role', () => {
    const bomb = `{ courses(period: ${MARCH}, limit: 500) { engagement { cohortCompletionRate series(granularity: HOUR) { bucket } } } }`;

    it('refuses a cost bomb (nested lists with big limits) for every role (QUERY_TOO_COMPLEX)', async () => {
      // 5 + 500 x (1 + 25 + 5) points.
      for (const role of ['admin', 'analyst', 'partner'] as const) {
        const headers = { authorization: `Bearer ${await tokenFor(role, role === 'partner' ? 'co-a' : undefined)}` };
        const res = await expectRefused(
          () => t.graphql(bomb, undefined, headers),
          'QUERY_TOO_COMPLEX',
          new RegExp(`costs 15505 points; an? ${role} token may spend ${DEFAULT_LIMITS.costBudget[role]} per request`),
        );
        expect(res.errors![0].extensions).toMatchObject({ cost: 15_505, limit: DEFAULT_LIMITS.costBudget[role], role });
      }
    });

    it('gives each role its own budget: 40 courses with cohort rates cost 1045 (admin yes, analyst no)', async () => {
      const query = `{ courses(period: ${MARCH}, limit: 40) { engagement { cohortCompletionRate } } }`;
      await expectServed(query);
      const analyst = { authorization: `Bearer ${await tokenFor('analyst')}` };
      await expectRefused(() => t.graphql(query, undefined, analyst), 'QUERY_TOO_COMPLEX', /costs 1045 points; an analyst token may spend 1000/);
    });

    it('charges each practiceProgress part like the raw-event fields it compares with (quizItems, videoEngagement: 25 each)', async () => {
      const parts = 'scoreProgression { bucket } scenarios { scenarioId } strengthAreas { criterion } timeDistribution { fromSeconds }';
      const practice = `practiceProgress(period: ${MARCH}) { sessions ${parts} }`;
      const quiz = `quizItems(courseId: "course-1", period: ${MARCH}) { quizId }`;
      // 25 (root and totals) + 4 x 25 = 125, plus 25 per quizItems; refused before any query, so the message gives the cost.
      const quizzes = (n: number) => Array.from({ length: n }, (_, i) => `q${i}: ${quiz}`).join(' ');
      await expectRefused(() => t.graphql(`{ ${practice} ${quizzes(4)} }`, undefined, partner), 'QUERY_TOO_COMPLEX', /costs 225 points/);
      await expectRefused(() => t.graphql(`{ ${practice} ${quizzes(3)} extra: ${DAU} }`, undefined, partner), 'QUERY_TOO_COMPLEX', /costs 205 points/);
      const onePart = `practiceProgress(period: ${MARCH}) { scenarios { scenarioId } }`;
      await expectRefused(() => t.graphql(`{ ${onePart} ${quizzes(7)} }`, undefined, partner), 'QUERY_TOO_COMPLEX', /costs 225 points/);
    });

    it('serves a partner dashboard just under the partner budget (200 points)', async () => {
      // 8 raw-event fields (25 each) = 200 points.
      const fields = Array.from({ length: 8 }, (_, i) => `m${i}: eventMetrics(eventType: "course.enrolled", period: ${MARCH}) { value }`).join(' ');
      await expectServed(`{ ${fields} }`, undefined, partner);
      await expectRefused(() => t.graphql(`{ ${fields} extra: ${DAU} }`, undefined, partner), 'QUERY_TOO_COMPLEX', /costs 205 points/);
    });
  });
});

/** Per-role ClickHouse settings: a query over a limit fails whole, as a typed error, and the next request is not limited by it. */
describe('ClickHouse limits per role', () => {
  let engine: TestEngine;
  let t: TestServer;
  const tight = (): LimitsConfig => ({
    ...DEFAULT_LIMITS,
    clickhouse: {
      ...DEFAULT_LIMITS.clickhouse,
      partner: { ...DEFAULT_LIMITS.clickhouse.partner, maxRowsToRead: 10 },
      analyst: { ...DEFAULT_LIMITS.clickhouse.analyst, maxResultRows: 2 },
    },
  });

  beforeAll(async () => {
    engine = await migratedEngine('limits_ch');
    const limited = { ...engine, config: { ...engine.config, limits: tight() } };
    t = await startTestServer(limited);
    const events = Array.from({ length: 40 }, (_, i) =>
      anEvent({ type: 'course.enrolled', user_id: `u${i}`, company_id: 'co-a', course_id: `course-${i % 4}`, timestamp: `2026-03-0${1 + (i % 5)}T10:00:00Z` }),
    );
    expect((await t.postEvents(toNdjson(events))).status).toBe(200);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  const EVENT_METRICS = `{ eventMetrics(eventType: "course.enrolled", period: ${MARCH}, groupBy: ["course_id"]) { group value } }`;

  it('a partner query reading more rows than max_rows_to_read fails as QUERY_TOO_LARGE, with no rows', async () => {
    const res = await t.graphql(EVENT_METRICS, undefined, { authorization: `Bearer ${await tokenFor('partner', 'co-a')}` });
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      extensions: { code: 'QUERY_TOO_LARGE', limits: { maxRowsToRead: 10 } },
      message: expect.stringMatching(/for a partner token \(read at most 10 rows/),
    });
    expect(res.errors![0].message).not.toMatch(/DB::Exception|SELECT|Code:/);
  });

  it('an analyst query returning more rows than max_result_rows fails as QUERY_TOO_LARGE', async () => {
    const res = await t.graphql(EVENT_METRICS, undefined, { authorization: `Bearer ${await tokenFor('analyst')}` });
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', limits: { maxResultRows: 2 } });
  });

  it("one request's limits do not stay in the embedded engine's session for the next request or query", async () => {
    await t.graphql(EVENT_METRICS, undefined, { authorization: `Bearer ${await tokenFor('partner', 'co-a')}` });
    const admin = await t.graphql<{ eventMetrics: { group: string[]; value: number }[] }>(EVENT_METRICS);
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.eventMetrics.map((r) => r.value)).toEqual([10, 10, 10, 10]);
    await t.graphql(EVENT_METRICS, undefined, { authorization: `Bearer ${await tokenFor('partner', 'co-a')}` });
    const direct = await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')}`);
    expect(Number(direct[0].n)).toBe(40);
  });

  it('a query over max_execution_time fails as QUERY_TIMEOUT', async () => {
    const settings = { max_execution_time: 0.2, timeout_overflow_mode: 'throw' as const };
    const slow = engine.db.withSettings(settings).query('test.sleep', sql`SELECT sleep(1) AS s`);
    await expect(slow).rejects.toMatchObject({
      extensions: { code: 'QUERY_TIMEOUT', limitSeconds: 0.2 },
      message: expect.stringMatching(/longer than the 0.2 s allowed/),
    });
  });
});
