import { createServices, type ServiceOptions } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { mintToken } from '../../src/auth/tokens';
import type { Role } from '../../src/domain/viewer';
import { TEST_JWT_SECRET, type TestEngine } from './engine';

/** A valid token for the test servers' secret, with optional token scopes (e.g. learners:read). */
export function tokenFor(role: Role, companyId?: string, scopes?: string[]): Promise<string> {
  return mintToken(TEST_JWT_SECRET, { role, companyId, ttl: '1h', scopes });
}

export interface TestServer {
  server: RunningServer;
  base: string;
  /** The admin token graphql() and postEvents() send unless headers name another Authorization. */
  adminToken: string;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  postEvents(
    body: string | Buffer,
    headers?: Record<string, string>,
    query?: string,
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
}

/** The real HTTP server on a free port, over a test engine. `options.logger` receives its logs (captureLogs in helpers/logs.ts). */
export async function startTestServer(engine: TestEngine, options: ServiceOptions = {}): Promise<TestServer> {
  const server = await startServer(createServices(engine.db, engine.config, options), 0);
  const base = server.url.replace('/graphql', '');
  const adminToken = await tokenFor('admin');
  const auth = { authorization: `Bearer ${adminToken}` };
  return {
    server,
    base,
    adminToken,
    async graphql(query, variables, headers = {}) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async postEvents(body, headers = {}, query = '') {
      const res = await fetch(`${base}/v1/events${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', ...auth, ...headers },
        body,
      });
      const text = await res.text();
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = { raw: text };
      }
      return { status: res.status, headers: res.headers, json };
    },
  };
}
