import { randomUUID } from 'node:crypto';
import { mintToken } from '../../src/auth/tokens';
import { startServer, type RunningServer } from '../../src/server/app';
import { createServices } from '../../src/services';
import { migratedEngine, TEST_JWT_SECRET, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';
import { captureLogs } from '../helpers/logs';
import { quickRedis, redisSkipReason, TEST_REDIS_URL } from '../helpers/redis';

const TYPENAME = JSON.stringify({ query: '{ __typename }' });

/** POST { __typename } to a server with a token: status, Retry-After and the JSON body. */
async function ask(url: string, token: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: TYPENAME });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    requestId: res.headers.get('x-request-id'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe('rate limit per token, in memory', () => {
  let engine: TestEngine;
  let t: TestServer;

  beforeAll(async () => {
    engine = await migratedEngine('ratelimit_mem', { rateLimitPerMinute: 5, rateLimitIngestPerMinute: 3 });
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  it('allows the burst (= the per-minute limit), then answers 429 with Retry-After and the limit', async () => {
    const analyst = await tokenFor('analyst');
    for (let i = 0; i < 5; i++) expect((await ask(t.server.url, analyst)).status).toBe(200);
    const refused = await ask(t.server.url, analyst);
    expect(refused.status).toBe(429);
    // 5 per minute refills one token every 12 s.
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(12);
    expect(refused.body).toMatchObject({ limitPerMinute: 5, retryAfterSeconds: Number(refused.retryAfter), requestId: refused.requestId });
    expect(refused.body.error).toMatch(/5 requests per minute per token for reads/);
  });

  it('leaves other tokens alone', async () => {
    expect((await ask(t.server.url, await tokenFor('admin'))).status).toBe(200);
    expect((await ask(t.server.url, await tokenFor('partner', 'company-a'))).status).toBe(200);
  });

  it('charges the subject, not the token string: a freshly minted token for the same subject shares the budget', async () => {
    const first = await mintToken(TEST_JWT_SECRET, { role: 'partner', companyId: 'company-b', ttl: '1h' });
    const second = await mintToken(TEST_JWT_SECRET, { role: 'partner', companyId: 'company-b', ttl: '2h' });
    expect(first).not.toBe(second);
    for (let i = 0; i < 5; i++) expect((await ask(t.server.url, first)).status).toBe(200);
    expect((await ask(t.server.url, second)).status).toBe(429);
  });

  it('keeps a separate ingest budget on /v1/events', async () => {
    const ingest = await tokenFor('ingest');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.postEvents(toNdjson([anEvent()]), { authorization: `Bearer ${ingest}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const last = await t.postEvents(toNdjson([anEvent()]), { authorization: `Bearer ${ingest}` });
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(last.json.error).toMatch(/3 requests per minute per token on \/v1\/events/);
  });

  it('leaves the health endpoints unlimited', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
    }
    expect((await fetch(`${t.base}/readyz`)).status).toBe(200);
  });

  it('does not spend a token on a request that fails authentication', async () => {
    const res = await fetch(t.server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: TYPENAME });
    expect(res.status).toBe(401);
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('rate limit shared through Redis (two server instances)', () => {
  const LIMIT = 7;
  const prefix = `learnmetrics-test:${randomUUID()}:`;
  let skip: string | null = 'not set up';
  let engine: TestEngine;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    skip = await redisSkipReason();
    if (skip !== null) {
      process.stderr.write(`skipped "rate limit shared through Redis": ${skip}\n`);
      return;
    }
    engine = await migratedEngine('ratelimit_redis', { rateLimitPerMinute: LIMIT, redisUrl: TEST_REDIS_URL, rateLimitRedisPrefix: prefix });
    // Two replicas: separate HTTP servers and limiters, one ClickHouse (the embedded engine is one per process).
    servers = [await startServer(createServices(engine.db, engine.config), 0), await startServer(createServices(engine.db, engine.config), 0)];
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    if (skip === null) {
      const redis = quickRedis();
      await redis.connect();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await engine.dispose();
    }
  });

  it('enforces one limit across both: requests alternated between them, exactly the limit is allowed', async () => {
    if (skip !== null) return;
    const token = await tokenFor('analyst');
    const results: { server: number; status: number; retryAfter: string | null }[] = [];
    for (let i = 0; i < LIMIT + 5; i++) {
      const server = i % 2;
      const res = await ask(servers[server].url, token);
      results.push({ server, status: res.status, retryAfter: res.retryAfter });
    }
    expect(results.filter((r) => r.status === 200)).toHaveLength(LIMIT);
    expect(results.slice(0, LIMIT).every((r) => r.status === 200)).toBe(true);
    const refused = results.slice(LIMIT);
    expect(refused.every((r) => r.status === 429 && /^\d+$/.test(r.retryAfter ?? ''))).toBe(true);
    // Each server alone would still have budget left: both refusing proves the bucket is shared.
    expect(new Set(refused.map((r) => r.server))).toEqual(new Set([0, 1]));
    // Another token has its own bucket on both.
    const other = await tokenFor('admin');
    expect((await ask(servers[0].url, other)).status).toBe(200);
    expect((await ask(servers[1].url, other)).status).toBe(200);
  });

  it('stores hashed keys only: neither the token nor the subject appears in Redis', async () => {
    if (skip !== null) return;
    const token = await tokenFor('partner', 'company-secret-name');
    expect((await ask(servers[0].url, token)).status).toBe(200);
    const redis = quickRedis();
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    redis.disconnect();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}graphql:[A-Za-z0-9_-]{32}$`));
      expect(key).not.toContain('company-secret-name');
      expect(key).not.toContain(token.slice(0, 20));
    }
  });
});

describe('rate limit with Redis configured but down', () => {
  let engine: TestEngine;
  let t: TestServer;
  const logs = captureLogs('info');

  beforeAll(async () => {
    // Port 1: nothing listens, connections are refused at once.
    engine = await migratedEngine('ratelimit_down', {
      rateLimitPerMinute: 3,
      redisUrl: 'redis://127.0.0.1:1',
      rateLimitRedisPrefix: `learnmetrics-test:${randomUUID()}:`,
    });
    t = await startTestServer(engine, { logger: logs.logger });
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  it('fails open to per-instance memory buckets, with one logged warning', async () => {
    const token = await tokenFor('analyst');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask(t.server.url, token)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const redisWarnings = logs
      .lines()
      .filter((l) => l.level === 'warn' && String(l.msg).includes('[rate-limit] Redis unavailable'))
      .map((l) => String(l.msg));
    expect(redisWarnings).toHaveLength(1);
    expect(redisWarnings[0]).toMatch(/limiting per replica, in memory/);
  });
});
