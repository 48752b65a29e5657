import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClickHouse, type ClickHouse } from '../../src/clickhouse/client';
import { migrate } from '../../src/clickhouse/migrations';
import { identifier, sql } from '../../src/clickhouse/sql';
import { loadConfig, type Config } from '../../src/config/config';

/**
 * The embedded engine binds one data directory per process, so every jest worker gets its own
 * directory and every test file its own database (a unique name), dropped at the end.
 */
export function testDataDir(): string {
  return path.join(os.tmpdir(), 'learnmetrics-test', `worker-${process.env.JEST_WORKER_ID ?? '0'}-${process.pid}`);
}

export function uniqueDatabase(label: string): string {
  return `t_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
}

/** The HS256 secret every test server verifies tokens with. */
export const TEST_JWT_SECRET = 'test-secret-for-learnmetrics-integration-tests';

/**
 * Test servers log nothing unless LOG_LEVEL is set (LOG_LEVEL=debug npx jest ... to read their
 * logs). CLICKHOUSE_SQL_RENDERING=literals runs any test on the literal rendering of the `sql` tag.
 */
export function testConfig(label: string, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL || 'silent', CLICKHOUSE_SQL_RENDERING: process.env.CLICKHOUSE_SQL_RENDERING }),
    dataDir: testDataDir(),
    database: uniqueDatabase(label),
    demoData: false,
    authJwtSecret: TEST_JWT_SECRET,
    ...overrides,
  };
}

export interface TestEngine {
  db: ClickHouse;
  config: Config;
  /** Drops the test database and closes the client. */
  dispose(): Promise<void>;
}

/** A real ClickHouse (embedded) with a database name of its own, not created or migrated yet (the migration tests). */
export function freshEngine(label: string, overrides: Partial<Config> = {}): TestEngine {
  const config = testConfig(label, overrides);
  const db = createClickHouse(config);
  return {
    db,
    config,
    dispose: async () => {
      await db.command('test.drop_database', sql`DROP DATABASE IF EXISTS ${identifier(config.database)}`);
      await db.close();
    },
  };
}

/** A real ClickHouse (embedded) with a fresh, migrated database. */
export async function migratedEngine(label: string, overrides: Partial<Config> = {}): Promise<TestEngine> {
  const engine = freshEngine(label, overrides);
  await migrate(engine.db);
  return engine;
}
