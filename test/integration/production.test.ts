import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { identifier, sql } from '../../src/clickhouse/sql';
import { loadConfig } from '../../src/config/config';
import { internalErrorHandler, MASKED_MESSAGE } from '../../src/server/error-masking';
import { runInRequest } from '../../src/observability/request-context';
import { migratedEngine, TEST_JWT_SECRET, testDataDir, uniqueDatabase, type TestEngine } from '../helpers/engine';
import { startTestServer, type TestServer } from '../helpers/http';
import { mintToken } from '../../src/auth/tokens';
import type { Role } from '../../src/domain/viewer';
import { captureLogs, type CapturedLogs } from '../helpers/logs';

const ADMIN_APP = 'https://admin.example.com';
const DAU = '{ dau(period: { from: "2026-03-01", to: "2026-03-03" }) { date value } }';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; error?: string };
}

// Production requires iss and aud (token hygiene): every token here carries them.
const ISSUER = 'learnmetrics-test';
const AUDIENCE = 'learnmetrics-api';
const productionToken = (role: Role) => mintToken(TEST_JWT_SECRET, { role, ttl: '1h', issuer: ISSUER, audience: AUDIENCE });

describe('production defaults (NODE_ENV=production)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let admin: string;
  let logs: CapturedLogs;

  /** POST a query with the admin token: status, headers, raw text and parsed body. */
  async function post(query: string, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
      body: JSON.stringify({ query }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Answer['body'] };
  }

  beforeAll(async () => {
    // The configuration a production deployment gets from its environment, on a test database.
    const production = loadConfig({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      CORS_ORIGINS: `${ADMIN_APP}, https://partner.example.com`,
    });
    engine = await migratedEngine('production', { ...production, dataDir: testDataDir(), database: uniqueDatabase('production'), demoData: false });
    logs = captureLogs(production.logLevel);
    t = await startTestServer(engine, { logger: logs.logger });
    admin = await productionToken('admin');
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  it('turns introspection and the IDE off unless enabled', () => {
    expect(engine.config).toMatchObject({
      nodeEnv: 'production',
      introspectionEnabled: false,
      ideEnabled: false,
      corsOrigins: [ADMIN_APP, 'https://partner.example.com'],
    });
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION_ENABLED: '1', IDE_ENABLED: '1' })).toMatchObject({
      introspectionEnabled: true,
      ideEnabled: true,
    });
    expect(loadConfig({})).toMatchObject({ introspectionEnabled: true, ideEnabled: true, corsOrigins: [] });
    expect(() => loadConfig({ CORS_ORIGINS: 'https://admin.example.com/app' })).toThrow(/not an origin/);
  });

  it('refuses an introspection query, with the request id', async () => {
    const res = await post('{ __schema { types { name } } }');
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/introspection/i);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: res.headers.get('x-request-id') });
    expect(res.text).not.toContain('"types"');
  });

  it('does not suggest field names (they would leak the schema without introspection)', async () => {
    const res = await post('{ daus(period: { from: "2026-03-01", to: "2026-03-03" }) { date } }');
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/Did you mean/);
  });

  it('serves the IDE to nobody', async () => {
    const page = await fetch(t.server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('<html');
  });

  it('keeps user-facing errors as they are, with the request id and no stack trace', async () => {
    const ingest = await productionToken('ingest');
    const res = await post(DAU, { authorization: `Bearer ${ingest}` });
    const error = res.body.errors?.[0];
    expect(error?.message).toMatch(/role "ingest" may not read dau/);
    expect(error?.extensions).toEqual({ code: 'FORBIDDEN', requestId: res.headers.get('x-request-id') });
  });

  it('CSRF prevention: a GET query or a text/plain POST without a preflight header is refused', async () => {
    const url = `${t.server.url}?query=${encodeURIComponent('{ __typename }')}`;
    const auth = { authorization: `Bearer ${admin}` };
    const plain = await fetch(url, { headers: auth });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/Cross-Site Request Forgery/);
    const form = await fetch(t.server.url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(400);
    const preflighted = await fetch(url, { headers: { ...auth, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('CORS: an allowlisted origin gets the headers (preflight and request), any other origin none', async () => {
    const preflight = (origin: string) =>
      fetch(t.server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const allowed = await preflight(ADMIN_APP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ADMIN_APP);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Content-Type.*Idempotency-Key.*apollo-require-preflight/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('vary')).toMatch(/Origin/);

    const refused = await preflight('https://evil.example.net');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();

    const request = await post('{ __typename }', { origin: ADMIN_APP });
    expect(request.status).toBe(200);
    expect(request.headers.get('access-control-allow-origin')).toBe(ADMIN_APP);
    expect(request.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
    expect(request.headers.get('vary')).toMatch(/Origin/);
    const other = await post('{ __typename }', { origin: 'https://evil.example.net' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  // Last: it breaks the database under the running server.
  it('a ClickHouse error reaches the client masked, with the request id; the detail goes to the log', async () => {
    await engine.db.command('test.drop_rollup', sql`DROP TABLE ${identifier(`${engine.config.database}.rollup_active_users_daily`)}`);
    const res = await post(DAU);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([
      { message: MASKED_MESSAGE, locations: [{ line: 1, column: 3 }], path: ['dau'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } },
    ]);
    for (const secret of ['DB::Exception', 'rollup_active_users', engine.config.database, 'SELECT', 'uniqMerge', 'Code:', 'stacktrace', 'at ']) {
      expect(res.text).not.toContain(secret);
    }
    const line = logs.lines().find((l) => l.requestId === requestId && l.level === 'error');
    expect(line).toMatchObject({ graphqlPath: 'dau', msg: expect.stringMatching(/masked at dau/) });
    expect((line?.err as { message: string }).message).toMatch(/rollup_active_users_daily/);
    expect((line?.err as { stack: string }).stack).toMatch(/at /);
  });
});

describe('Express routes outside GraphQL: an unexpected error is a masked 500 JSON', () => {
  it('answers { error: "internal error", requestId } and logs the detail', async () => {
    const app = express();
    app.use((_req, res, next) => {
      const requestId = randomUUID();
      res.set('X-Request-Id', requestId);
      runInRequest({ requestId }, next);
    });
    app.get('/boom', () => {
      throw new Error('Code: 60. DB::Exception: Unknown table expression identifier secret_db.rollup_active_users');
    });
    const logs = captureLogs('info');
    app.use(internalErrorHandler(logs.logger));
    const server = app.listen(0);
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      const requestId = res.headers.get('x-request-id');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error', requestId });
      expect(logs.lines()).toContainEqual(
        expect.objectContaining({
          level: 'error',
          requestId,
          method: 'GET',
          path: '/boom',
          err: expect.objectContaining({ message: expect.stringContaining('DB::Exception') }),
        }),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
