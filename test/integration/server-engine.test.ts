import { ClickHouseContainer, type StartedClickHouseContainer } from '@testcontainers/clickhouse';
import { createClickHouse, type ClickHouse } from '../../src/clickhouse/client';
import { migrate } from '../../src/clickhouse/migrations';
import { loadConfig } from '../../src/config/config';
import { createServices } from '../../src/services';
import { startServer, type RunningServer } from '../../src/server/app';
import { describeWithDocker } from '../helpers/docker';
import { TEST_JWT_SECRET } from '../helpers/engine';
import { tokenFor } from '../helpers/http';

// The same migrations and GraphQL path against a ClickHouse server over HTTP (CLICKHOUSE_URL).
describeWithDocker('ClickHouse server engine (testcontainers)', () => {
  let container: StartedClickHouseContainer;
  let db: ClickHouse;
  let server: RunningServer;

  beforeAll(async () => {
    container = await new ClickHouseContainer('clickhouse/clickhouse-server:25.8').start();
    const config = loadConfig({
      CLICKHOUSE_URL: container.getHttpUrl(),
      CLICKHOUSE_USER: container.getUsername(),
      CLICKHOUSE_PASSWORD: container.getPassword(),
      CLICKHOUSE_DATABASE: 'learnmetrics_server_test',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
    });
    db = createClickHouse(config);
    await migrate(db);
    server = await startServer(createServices(db, config), 0);
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await container?.stop();
  });

  it('applies the migrations once and serves serverInfo from the server', async () => {
    expect(await migrate(db)).toEqual([]);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('admin')}` },
      body: JSON.stringify({ query: '{ serverInfo { engine clickhouseVersion } }' }),
    });
    const body = (await res.json()) as { data: { serverInfo: { engine: string; clickhouseVersion: string } } };
    expect(body.data.serverInfo.engine).toBe('server');
    expect(body.data.serverInfo.clickhouseVersion).toMatch(/^25\.8/);
  });
});
