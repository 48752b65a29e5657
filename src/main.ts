import 'reflect-metadata';
import { createClickHouse } from './clickhouse/client';
import { migrate } from './clickhouse/migrations';
import { applyRawRetention } from './clickhouse/retention';
import { resolveTokenSecret } from './auth/dev-secret';
import { mintToken } from './auth/tokens';
import { loadConfig } from './config';
import { loadDemoDataIfEmpty } from './demo/demo-data';
import { startServer } from './server/app';
import { createServices } from './services';

/** `npm start`: migrate, load demo data into an empty embedded database, serve, shut down cleanly. */
async function main() {
  const started = Date.now();
  const loaded = loadConfig();
  const config = { ...loaded, authJwtSecret: resolveTokenSecret(loaded) };
  const db = createClickHouse(config);
  const applied = await migrate(db, (line) => console.log(`[migrate] ${line}`));
  console.log(`[migrate] ${applied.length === 0 ? 'up to date' : `${applied.length} applied`} (database ${config.database}, ${db.engine} engine)`);
  await applyRawRetention(db, config.rawRetentionDays);
  if (db.engine === 'embedded' && config.demoData) await loadDemoDataIfEmpty(db);

  const server = await startServer(createServices(db, config));
  console.log(`LearnMetrics ready in ${((Date.now() - started) / 1000).toFixed(1)}s: GraphQL at ${server.url}`);
  if (config.nodeEnv !== 'production' && db.engine === 'embedded' && config.authJwtSecret) await printDevelopmentTokens(config.authJwtSecret);

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

/** Development only: tokens to try the API with at once (never printed in production). */
async function printDevelopmentTokens(secret: string) {
  const admin = await mintToken(secret, { role: 'admin', ttl: '12h' });
  const partner = await mintToken(secret, { role: 'partner', companyId: 'company-01', ttl: '12h' });
  console.log(`Development tokens (12 h; mint more with npm run token):\n  admin:              Bearer ${admin}\n  partner company-01: Bearer ${partner}`);
}

main().catch((error) => {
  console.error(`LearnMetrics failed to start: ${(error as Error).message}`);
  process.exit(1);
});
