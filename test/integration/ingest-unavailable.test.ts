import net from 'node:net';
import { createClickHouse } from '../../src/clickhouse/client';
import { loadConfig } from '../../src/config/config';
import { createServices } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { TEST_JWT_SECRET } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { tokenFor } from '../helpers/http';
import { captureLogs } from '../helpers/logs';

/** A port on loopback that nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ingest when ClickHouse is unavailable (server mode, closed port)', () => {
  let server: RunningServer;
  let auth: string;
  const logs = captureLogs('info');
  beforeAll(async () => {
    const config = loadConfig({
      CLICKHOUSE_URL: `http://127.0.0.1:${await closedPort()}`,
      CLICKHOUSE_DATABASE: 'unreachable',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
    });
    auth = `Bearer ${await tokenFor('admin')}`;
    const db = createClickHouse(config);
    server = await startServer(createServices(db, config, { logger: logs.logger }), 0);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 503 with Retry-After and acknowledges nothing', async () => {
    const res = await fetch(server.url.replace('/graphql', '/v1/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: auth },
      body: toNdjson([anEvent(), anEvent()]),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('accepted');
    expect(body.error).toMatch(/nothing was stored: retry/);
    // ClickHouse's side of the story stays in the log, under the response's request id.
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        requestId: res.headers.get('x-request-id'),
        msg: expect.stringMatching(/not confirmed by ClickHouse/),
        err: expect.any(Object),
      }),
    );
  });

  it('reports the mutation as SERVICE_UNAVAILABLE, and /readyz as not ready', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ query: 'mutation { ingestEvents(events: [{ type: "user.logged_in", userId: "u1" }]) { accepted } }' }),
    });
    const body = (await res.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
  });
});
