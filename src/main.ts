import 'reflect-metadata';
import { createClickHouse } from './clickhouse/client';
import { migrate } from './clickhouse/migrations';
import { applyRawRetention } from './clickhouse/retention';
import { loadConfig } from './config';
import { loadDemoDataIfEmpty } from './demo/demo-data';
import { startServer } from './server/app';
import { createServices } from './services';

/** `npm start`: migrate, load demo data into an empty embedded database, serve, shut down cleanly. */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  const db = createClickHouse(config);
  const applied = await migrate(db, (line) => console.log(`[migrate] ${line}`));
  console.log(`[migrate] ${applied.length === 0 ? 'up to date' : `${applied.length} applied`} (database ${config.database}, ${db.engine} engine)`);
  await applyRawRetention(db, config.rawRetentionDays);
  if (db.engine === 'embedded' && config.demoData) await loadDemoDataIfEmpty(db);

  const server = await startServer(createServices(db, config));
  console.log(`LearnMetrics ready in ${((Date.now() - started) / 1000).toFixed(1)}s: GraphQL at ${server.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests, then closing ClickHouse`);
    try {
      await server.stop();
      await db.close();
      process.exit(0);
    } catch (error) {
      console.error('shutdown failed:', error);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(`LearnMetrics failed to start: ${(error as Error).message}`);
  process.exit(1);
});
