import { createServices } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { tokenFor } from '../helpers/http';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { sql } from '../../src/clickhouse/sql';

describe('HTTP server on the embedded engine', () => {
  let engine: TestEngine;
  let server: RunningServer;

  beforeAll(async () => {
    engine = await migratedEngine('server');
    server = await startServer(createServices(engine.db, engine.config), 0);
  });

  afterAll(async () => {
    await server.stop();
    await engine.dispose();
  });

  const graphql = async (query: string) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('admin')}` },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
  };

  it('answers serverInfo through GraphQL -> resolver -> ClickHouse', async () => {
    const { status, body } = await graphql('{ serverInfo { version engine clickhouseVersion database } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.serverInfo).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      engine: 'embedded',
      clickhouseVersion: expect.stringMatching(/^2\d\.\d+/),
      database: engine.config.database,
    });
  });

  it('reports alive on /healthz and ready on /readyz once migrations are applied', async () => {
    const health = await fetch(server.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', engine: 'embedded' });
  });

  it('reports not ready while a migration is pending', async () => {
    await engine.db.command('test.unrecord', sql`DELETE FROM ${engine.db.table('schema_migrations')} WHERE name = '0009_rollup_revenue.sql'`);
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ reason: expect.stringContaining('0009_rollup_revenue.sql') });
  });
});
