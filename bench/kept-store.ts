import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createClickHouse, type ClickHouse } from '../src/clickhouse/client';
import { migrate } from '../src/clickhouse/migrations';
import { loadConfig, type Config } from '../src/config/config';
import { startServer, type RunningServer } from '../src/server/app';
import { createServices, type Services } from '../src/services';
import { GraphQLClient } from './graphql-client';
import { benchToken } from './ingest.bench';

export interface KeptStore {
  config: Config;
  db: ClickHouse;
  services: Services;
  server: RunningServer;
  /** GraphQL as an admin. */
  admin: GraphQLClient;
  close(): Promise<void>;
}

/**
 * The API served on a kept store of the bench data set (e.g. the issue-14 bench's, loaded with
 * `npm run bench:issue14 -- --events N --load-only`), for the scripts that measure on it without
 * reloading: embedded engine, no demo data, no rate limits, a fresh token secret. Migrations run
 * first, so a store loaded before a rollup's migration gets it and its backfill.
 */
export async function openKeptStore(dataDir: string, database: string): Promise<KeptStore> {
  const config: Config = {
    ...loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' }),
    demoData: false,
    database,
    rateLimitPerMinute: 0,
    rateLimitIngestPerMinute: 0,
    redisUrl: undefined,
  };
  const db = createClickHouse(config);
  await migrate(db);
  const services = createServices(db, config);
  const server = await startServer(services, 0);
  const admin = new GraphQLClient(server.url, await benchToken(services, 'admin'));
  return {
    config,
    db,
    services,
    server,
    admin,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** Runs a bench script's main and exits with its outcome (the embedded engine keeps the process alive otherwise). */
export function runScript(name: string, main: () => Promise<unknown>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`${name} failed: ${(error as Error).stack ?? error}`);
      process.exit(1);
    },
  );
}
