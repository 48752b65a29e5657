import { createServices } from '../../src/services';
import { startServer } from '../../src/server/app';
import { tokenFor } from '../helpers/http';
import { migratedEngine, type TestEngine } from '../helpers/engine';

describe('graceful stop', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await migratedEngine('shutdown');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('finishes a request that is in flight, then refuses new connections', async () => {
    const server = await startServer(createServices(engine.db, engine.config), 0);
    const arrived = new Promise((resolve) => server.httpServer.once('request', resolve));
    const inFlight = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('admin')}` },
      body: JSON.stringify({ query: '{ serverInfo { clickhouseVersion } }' }),
    });
    // Stop only once the request has reached the server: it is then in flight, not refused.
    await arrived;
    const stopped = server.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown }).data).toEqual({ serverInfo: { clickhouseVersion: expect.any(String) } });
    await stopped;
    await expect(fetch(server.url.replace('/graphql', '/healthz'))).rejects.toThrow();
  });
});
