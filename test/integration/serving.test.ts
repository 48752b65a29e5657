import { createClickHouse } from '../../src/clickhouse/client';
import { RequestBudget } from '../../src/clickhouse/request-budget';
import type { Lane } from '../../src/clickhouse/scheduler';
import { sql } from '../../src/clickhouse/sql';
import type { Config } from '../../src/config/config';
import { loadServingConfig } from '../../src/config/serving-config';
import { createServices } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * The serving core on the real embedded engine (issue 11): a partner's flood does not stop
 * another tenant's cheap query, a disconnected client's queries stop, a request past its deadline
 * answers QUERY_TIMEOUT with no data, a full queue answers 503 with Retry-After. Everything is
 * asserted on outcomes and on the order of events, never on durations.
 *
 * "The flood is running" is made certain, not likely: the heavy lane is held by a statement that
 * would run for hours (it reads `events`, so it is heavy) until the test stops it. The small test
 * data would let real funnels finish before anything could be observed.
 */

const PERIOD = '{ from: "2026-03-01", to: "2026-03-15" }';
const FUNNEL = '[{ eventType: "course.viewed" }, { eventType: "course.enrolled" }]';
const funnels = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `f${i}: funnel(steps: ${FUNNEL}, period: ${PERIOD}) { overallConversion }`).join(' ')} }`;
const DAU = `{ dau(period: ${PERIOD}) { date value } }`;

/** Runs until stopped: a scan of 10^14 numbers, gated on a subquery of `events` (so the heavy lane). */
const ENDLESS = (engine: TestEngine) =>
  sql`SELECT count() AS n FROM numbers(100000000000000) WHERE sipHash64(number) % 7 = 3 AND (SELECT count() FROM ${engine.db.table('events')}) >= 0`;

/**
 * Runs until stopped and within a partner's limits (it reads 2 rows: a cross join of two
 * generated ranges, 10^10 pairs hashed). Stands in for a partner's statement over HTTP.
 */
const UNBOUNDED_CROSS_JOIN =
  'SELECT count() AS n FROM (SELECT arrayJoin(range(100000)) AS a) AS l CROSS JOIN (SELECT arrayJoin(range(100000)) AS b) AS r WHERE sipHash64(a, b) % 7 = 3';

/** Resolves the first time the scheduler reports `event` for `tenant` (and lane, if given). */
function next(engine: TestEngine, event: 'queued' | 'started' | 'dropped' | 'finished', tenant: string, lane?: Lane): Promise<void> {
  return new Promise((resolve) => {
    const stop = engine.db.scheduler.observe({
      [event]: (t: string, l: Lane) => {
        if (t === tenant && (lane === undefined || l === lane)) {
          stop();
          resolve();
        }
      },
    });
  });
}

/** Holds the heavy lane for `tenant` with ENDLESS until `stop()`; resolves once it holds its slot. */
async function holdHeavyLane(engine: TestEngine, tenant: string) {
  const budget = new RequestBudget(3600);
  const started = next(engine, 'started', tenant, 'heavy');
  const finished = next(engine, 'finished', tenant, 'heavy');
  const running = engine.db.forRequest({ tenant, budget }).query('test.endless', ENDLESS(engine), { timeoutSeconds: 600 });
  running.catch(() => undefined);
  await started;
  return {
    running,
    stop: async () => {
      budget.stop('disconnected');
      await running.catch(() => undefined);
      // The slot is free only when the engine is done with the statement.
      await finished;
    },
  };
}

async function post(url: string, query: string, token: string, signal?: AbortSignal) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    signal,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

/** A second server on the same engine with other serving settings. */
async function serverWith(engine: TestEngine, serving: Partial<Config['serving']>): Promise<RunningServer> {
  return startServer(createServices(engine.db, { ...engine.config, serving: { ...engine.config.serving, ...serving } }), 0);
}

type PoolQuery = NonNullable<TestEngine['db']['pool']>['query'];

/**
 * Replaces the session pool's `query` for the statements `matches` picks (the rest run as they
 * are) with `stand` (the real query function is passed in); `restore()` puts the pool back.
 */
function interceptPool(
  engine: TestEngine,
  matches: (sql: string) => boolean,
  stand: (real: PoolQuery, ...args: Parameters<PoolQuery>) => ReturnType<PoolQuery>,
) {
  const pool = engine.db.pool!;
  const real: PoolQuery = pool.query.bind(pool);
  pool.query = ((sql: string, options?: Parameters<PoolQuery>[1]) => (matches(sql) ? stand(real, sql, options) : real(sql, options))) as PoolQuery;
  return { restore: () => void (pool.query = real) };
}

/** Resolves once `check()` holds, looking again on every scheduler event (no sleeps). */
function until(engine: TestEngine, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const look = () => {
      if (!check()) return;
      stop();
      resolve();
    };
    const stop = engine.db.scheduler.observe({ queued: look, started: look, dropped: look, finished: look, refused: look });
  });
}

describe('serving: scheduler, deadlines, cancellation (embedded engine, 2 slots, 1 heavy)', () => {
  let engine: TestEngine;
  let t: TestServer;

  beforeAll(async () => {
    engine = await migratedEngine('serving', { serving: { ...loadServingConfig({}), concurrency: 2, heavySlots: 1 }, privacyMinLearners: 0 });
    t = await startTestServer(engine);
    const events = ['co-a', 'co-b'].flatMap((company) =>
      Array.from({ length: 12 }, (_, i) => [
        anEvent({ type: 'course.viewed', user_id: `${company}-u${i}`, company_id: company, timestamp: `2026-03-0${1 + (i % 5)}T10:00:00.000Z` }),
        anEvent({ type: 'course.enrolled', user_id: `${company}-u${i}`, company_id: company, timestamp: `2026-03-0${1 + (i % 5)}T11:00:00.000Z` }),
      ]).flat(),
    );
    const posted = await t.postEvents(toNdjson(events));
    expect(posted.json).toMatchObject({ accepted: events.length, rejected: 0 });
  });

  afterAll(async () => {
    await t?.server.stop();
    await engine?.dispose();
  });

  it('uses the session pool with literal SQL, one slot per session', () => {
    expect(engine.db.rendering).toBe('literals');
    expect(engine.db.pool?.size).toBe(2);
    expect(engine.db.scheduler.stats()).toMatchObject({ slots: 2, heavySlots: 1 });
  });

  it('caps a heavy statement at HEAVY_QUERY_MAX_THREADS only when it shares the engine: alone it keeps every core', async () => {
    const threads = (name: string, table: 'events' | 'schema_migrations') =>
      engine.db
        .query<{ t: string }>(name, sql`SELECT toString(getSetting('max_threads')) AS t, count() AS n FROM ${engine.db.table(table)}`)
        .then((rows) => rows[0].t);
    expect(engine.config.serving.heavyMaxThreads).toBe(1);
    // A cheap statement (the migrations ledger) shows the engine's own default.
    const engineDefault = await threads('test.threads_cheap', 'schema_migrations');
    expect(await threads('test.threads_heavy_alone', 'events')).toBe(engineDefault);
    // Another statement holds a slot: the heavy one starts capped.
    const release = await engine.db.scheduler.acquire({ tenant: 'test:other', lane: 'cheap' });
    try {
      expect(await threads('test.threads_heavy_shared', 'events')).toBe('1');
    } finally {
      release();
    }
    expect(await threads('test.threads_heavy_alone_again', 'events')).toBe(engineDefault);
  });
  it("a partner's flood of heavy queries does not stop another tenant's cheap query from answering", async () => {
    // A far deadline: at a high load 8 funnels one after another can take longer than the default 10 s.
    const server = await serverWith(engine, { requestDeadlineSeconds: { partner: 3600, analyst: 3600, admin: 3600 } });
    // The flood's first statement holds the heavy lane...
    const holder = await holdHeavyLane(engine, 'company:co-a');
    let flood: Promise<Awaited<ReturnType<typeof post>>> | undefined;
    try {
      // ...and the rest of the flood (a request of 8 funnels) waits behind it.
      const queued = next(engine, 'queued', 'company:co-a', 'heavy');
      let floodAnswered = false;
      flood = post(server.url, funnels(8), await tokenFor('partner', 'co-a')).then((r) => {
        floodAnswered = true;
        return r;
      });
      await queued;

      const cheap = await post(server.url, DAU, await tokenFor('partner', 'co-b'));
      expect(cheap.status).toBe(200);
      expect(cheap.body.errors).toBeUndefined();
      expect((cheap.body.data!.dau as { value: number }[]).reduce((sum, d) => sum + d.value, 0)).toBe(12);
      // The cheap answer came while the flood was still held up, not after it.
      expect(floodAnswered).toBe(false);
      const flooder = engine.db.scheduler.stats().tenants.get('company:co-a');
      expect(flooder?.running.heavy).toBe(1);
      expect(flooder?.queued.heavy).toBeGreaterThan(0);
    } finally {
      await holder.stop();
    }
    const answered = await flood!;
    await server.stop();
    expect(answered.status).toBe(200);
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data!.f7).toEqual({ overallConversion: 1 });
  });

  it("cancels a running statement when its request stops: the engine's query is gone", async () => {
    const budget = new RequestBudget(3600);
    const started = next(engine, 'started', 'company:co-c', 'heavy');
    const finished = next(engine, 'finished', 'company:co-c', 'heavy');
    const running = engine.db.forRequest({ tenant: 'company:co-c', budget }).query('test.endless', ENDLESS(engine), { timeoutSeconds: 600 });
    await started;
    budget.stop('disconnected');
    await expect(running).rejects.toMatchObject({ extensions: { code: 'CLIENT_CLOSED_REQUEST' } });
    await finished;
    const left = await engine.db.query<{ n: number }>(
      'test.processes',
      sql`SELECT count() AS n FROM system.processes WHERE query LIKE ${'%sipHash64(number) % 7 = 3%'} AND query NOT LIKE ${'%system.processes%'}`,
    );
    expect(Number(left[0].n)).toBe(0);
  });

  it("drops a disconnected client's queued queries: they never run", async () => {
    const holder = await holdHeavyLane(engine, 'company:co-a');
    const queued = next(engine, 'queued', 'company:co-d', 'heavy');
    const dropped = next(engine, 'dropped', 'company:co-d', 'heavy');
    let startedAfterDrop = false;
    const ac = new AbortController();
    const request = post(t.server.url, funnels(1), await tokenFor('partner', 'co-d'), ac.signal);
    request.catch(() => undefined);
    await queued;
    ac.abort();
    await dropped;
    const stopWatching = engine.db.scheduler.observe({ started: (tenant) => void (tenant === 'company:co-d' && (startedAfterDrop = true)) });
    await holder.stop();
    // Another statement through the freed lane, so anything still queued would have started before it.
    await engine.db.query('test.after', sql`SELECT count() AS n FROM ${engine.db.table('events')}`);
    stopWatching();
    expect(startedAfterDrop).toBe(false);
    expect(engine.db.scheduler.stats().tenants.has('company:co-d')).toBe(false);
  });

  it('answers QUERY_TIMEOUT with no partial data when the request passes its deadline', async () => {
    const server = await serverWith(engine, { requestDeadlineSeconds: { partner: 1, analyst: 20, admin: 30 } });
    const holder = await holdHeavyLane(engine, 'company:co-a');
    try {
      // dau answers at once (cheap lane); the funnel waits behind the held heavy lane past the deadline.
      const res = await post(
        server.url,
        `{ dau(period: ${PERIOD}) { value } f: funnel(steps: ${FUNNEL}, period: ${PERIOD}) { overallConversion } }`,
        await tokenFor('partner', 'co-b'),
      );
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]).toMatchObject({
        extensions: { code: 'QUERY_TIMEOUT', limitSeconds: 1, scope: 'request' },
        message: expect.stringMatching(/within the 1 s allowed for a partner token/),
      });
    } finally {
      await holder.stop();
      await server.stop();
    }
  });

  it('answers QUERY_TIMEOUT at the deadline while its statement is still running, and frees the slot only when the engine is done', async () => {
    // An engine that cannot interrupt a statement (a single-shot chdb query): co-f's funnel ignores
    // the cancel and runs until the test lets it finish. The answer must not wait for it.
    let finishStatement!: () => void;
    const statementMayFinish = new Promise<void>((resolve) => (finishStatement = resolve));
    let statementEnded = false;
    const intercepted = interceptPool(
      engine,
      (text) => text.includes('windowFunnel') && text.includes("'co-f'"),
      (real, text, options) =>
        statementMayFinish.then(async () => {
          try {
            return await real(text, { settings: options?.settings });
          } finally {
            statementEnded = true;
            options?.onEnded?.();
          }
        }) as ReturnType<PoolQuery>,
    );
    // 2 s, not 1: the statement must have reached its slot before the deadline even on a loaded machine.
    const server = await serverWith(engine, { requestDeadlineSeconds: { partner: 2, analyst: 20, admin: 30 } });
    try {
      const started = next(engine, 'started', 'company:co-f', 'heavy');
      const answer = post(server.url, funnels(1), await tokenFor('partner', 'co-f'));
      await started;
      const res = await answer;
      // The answer came while the statement still runs and holds its slot.
      expect(statementEnded).toBe(false);
      expect(engine.db.scheduler.stats().tenants.get('company:co-f')?.running.heavy).toBe(1);
      expect(res.status).toBe(200);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TIMEOUT', limitSeconds: 2, scope: 'request' }) }),
      ]);
      // Once the engine is done, the slot is free and the tenant is gone from the scheduler.
      const finished = next(engine, 'finished', 'company:co-f', 'heavy');
      finishStatement();
      await finished;
      expect(statementEnded).toBe(true);
      expect(engine.db.scheduler.stats().tenants.has('company:co-f')).toBe(false);
      // The late result was dropped: the next request of the tenant answers normally.
      intercepted.restore();
      const again = await post(server.url, funnels(1), await tokenFor('partner', 'co-f'));
      expect(again.body.errors).toBeUndefined();
    } finally {
      finishStatement();
      intercepted.restore();
      await server.stop();
    }
  });

  it.each([
    ['a partner CSV export', 'partner', 'co-g', '/export/funnel.csv?from=2026-03-01&to=2026-03-15&step=course.viewed&step=course.enrolled'],
    ['the admin REST endpoint', 'admin', undefined, '/admin/analytics/users?startDate=2026-03-01&endDate=2026-03-14&metric=sessions'],
  ] as const)('%s answers 504 QUERY_TIMEOUT at the deadline while its statement is still running', async (_label, role, companyId, path) => {
    // As for /graphql above: the request's first statement ignores the cancel and runs until the
    // test lets it finish; the REST answer must not wait for it.
    let finishStatement!: () => void;
    const statementMayFinish = new Promise<void>((resolve) => (finishStatement = resolve));
    let statementEnded = false;
    let armed = true;
    const intercepted = interceptPool(
      engine,
      () => armed,
      (real, text, options) => {
        armed = false; // only the first statement of the request is held
        return statementMayFinish.then(async () => {
          try {
            return await real(text, { settings: options?.settings });
          } finally {
            statementEnded = true;
            options?.onEnded?.();
          }
        }) as ReturnType<PoolQuery>;
      },
    );
    const server = await serverWith(engine, { requestDeadlineSeconds: { partner: 2, analyst: 20, admin: 2 } });
    const isTenant = (tenant: string) => (companyId ? tenant === `company:${companyId}` : tenant.startsWith('admin:'));
    try {
      let stopObserving = () => {};
      const started = new Promise<void>((resolve) => {
        stopObserving = engine.db.scheduler.observe({ started: (tenant: string) => isTenant(tenant) && resolve() });
      });
      const answer = fetch(`http://localhost:${server.port}${path}`, { headers: { authorization: `Bearer ${await tokenFor(role, companyId)}` } });
      await started;
      stopObserving();
      const res = await answer;
      const body = (await res.json()) as Record<string, unknown>;
      // The answer came while the statement still runs: a 504 with the deadline's error, no data.
      expect(statementEnded).toBe(false);
      expect(res.status).toBe(504);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(body).toEqual({ code: 'QUERY_TIMEOUT', error: expect.stringMatching(new RegExp(`within the 2 s allowed for an? ${role} token`)) });
      // Once the engine is done, the route's late result is dropped and the server goes on answering.
      finishStatement();
      await until(engine, () => statementEnded && ![...engine.db.scheduler.stats().tenants.keys()].some(isTenant));
      intercepted.restore();
      const again = await fetch(`http://localhost:${server.port}${path}`, { headers: { authorization: `Bearer ${await tokenFor(role, companyId)}` } });
      expect(again.status).toBe(200);
    } finally {
      finishStatement();
      intercepted.restore();
      await server.stop();
    }
  });

  it("a client that disconnects over HTTP stops its running and its queued queries, and other tenants' queries go on", async () => {
    // co-g's funnels become statements that run until cancelled (the real kill path, the signal
    // passed on); with one heavy slot the first one runs and the others queue behind it.
    const intercepted = interceptPool(
      engine,
      (text) => text.includes('windowFunnel') && text.includes("'co-g'"),
      (real, _text, options) => real(UNBOUNDED_CROSS_JOIN, options) as ReturnType<PoolQuery>,
    );
    // A far deadline: only the disconnect can stop the request.
    const server = await serverWith(engine, { requestDeadlineSeconds: { partner: 3600, analyst: 3600, admin: 3600 } });
    const tenant = 'company:co-g';
    const events = { started: 0, dropped: 0, finished: 0 };
    const watch = engine.db.scheduler.observe({
      started: (t) => void (t === tenant && (events.started += 1)),
      dropped: (t) => void (t === tenant && (events.dropped += 1)),
      finished: (t) => void (t === tenant && (events.finished += 1)),
    });
    const cancelledBefore = engine.db.pool!.stats().cancelled;
    try {
      const ac = new AbortController();
      const request = post(server.url, funnels(3), await tokenFor('partner', 'co-g'), ac.signal);
      request.catch(() => undefined);
      const inFlight = () => {
        const s = engine.db.scheduler.stats().tenants.get(tenant);
        return s !== undefined && s.running.heavy === 1 && s.queued.heavy >= 1;
      };
      await until(engine, inFlight);

      // Another tenant is served while co-g holds the heavy lane.
      const cheap = await post(server.url, DAU, await tokenFor('partner', 'co-b'));
      expect(cheap.body.errors).toBeUndefined();
      expect((cheap.body.data!.dau as { value: number }[]).reduce((sum, d) => sum + d.value, 0)).toBe(12);

      const metricsUrl = server.url.replace('/graphql', '/metrics');
      expect(await (await fetch(metricsUrl)).text()).toMatch(/learnmetrics_query_running\{tenant="company:co-g",lane="heavy"\} 1/);

      ac.abort();
      await expect(request).rejects.toThrow();
      // Everything of co-g ends: the running statement killed in the engine, the queued ones dropped.
      await until(engine, () => !engine.db.scheduler.stats().tenants.has(tenant));
      expect(events.started).toBe(1);
      expect(events.finished).toBe(1);
      expect(events.dropped).toBeGreaterThanOrEqual(1);
      expect(engine.db.pool!.stats().cancelled).toBeGreaterThan(cancelledBefore);
      const left = await engine.db.query<{ n: number }>(
        'test.processes',
        sql`SELECT count() AS n FROM system.processes WHERE query LIKE ${'%sipHash64(a, b) % 7 = 3%'} AND query NOT LIKE ${'%system.processes%'}`,
      );
      expect(Number(left[0].n)).toBe(0);
      const metrics = await (await fetch(metricsUrl)).text();
      expect(metrics).not.toMatch(/learnmetrics_query_running\{tenant="company:co-g",lane="heavy"\} [1-9]/);
      expect(metrics).not.toMatch(/learnmetrics_query_queue_depth\{tenant="company:co-g",lane="heavy"\} [1-9]/);

      // And the heavy lane serves another tenant again.
      intercepted.restore();
      const after = await post(server.url, funnels(1), await tokenFor('partner', 'co-b'));
      expect(after.body.errors).toBeUndefined();
    } finally {
      watch();
      intercepted.restore();
      await server.stop();
    }
  }, 120_000);

  it('answers 503 with Retry-After past the queue bound, and counts it in /metrics', async () => {
    // The bound is the scheduler's, made with its ClickHouse handle: a second handle on the same data.
    const config = { ...engine.config, serving: { ...engine.config.serving, queueMaxPerTenant: 1, retryAfterSeconds: 7 } };
    const bounded: TestEngine = { db: createClickHouse(config), config, dispose: async () => undefined };
    const server = await startServer(createServices(bounded.db, config), 0);
    const holder = await holdHeavyLane(bounded, 'company:co-a');
    try {
      const res = await post(server.url, funnels(3), await tokenFor('partner', 'co-e'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVER_BUSY', retryAfterSeconds: 7 }) })]);
      // The request's queued funnel was dropped with it: nothing of co-e is left waiting.
      expect(bounded.db.scheduler.stats().tenants.has('company:co-e')).toBe(false);
      const metrics = await (await fetch(server.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/learnmetrics_query_queue_refused_total\{tenant="company:co-e",lane="heavy"\} [1-9]/);
      expect(metrics).toMatch(/learnmetrics_query_running\{tenant="company:co-a",lane="heavy"\} 1/);
      expect(metrics).toMatch(/learnmetrics_query_queue_wait_seconds_count\{tenant="company:co-a",lane="heavy"\} [1-9]/);
    } finally {
      await holder.stop();
      await server.stop();
      await bounded.db.close();
    }
  });
});
