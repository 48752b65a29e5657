import 'reflect-metadata';
import { createClickHouse } from './clickhouse/client';
import { migrate } from './clickhouse/migrations';
import { applyRawRetention } from './clickhouse/retention';
import { resolveTokenSecret } from './auth/dev-secret';
import { mintToken } from './auth/tokens';
import { loadConfig } from './config/config';
import path from 'node:path';
import { loadDemoDataIfEmpty, progressPrinter } from './demo/demo-data';
import { createLogger, errorFields } from './observability/logger';
import { startServer } from './server/app';
import { createServices } from './services';

/** `npm start`: migrate, load demo data into an empty embedded database, serve, shut down cleanly. */
async function main() {
  const started = Date.now();
  const loaded = loadConfig();
  const config = { ...loaded, authJwtSecret: resolveTokenSecret(loaded) };
  // One JSON line per event on stdout (pino), startup included, so a log shipper parses every line.
  const logger = createLogger({ level: config.logLevel });
  const db = createClickHouse(config);
  if (db.repairedAtOpen.length > 0) {
    // A kill inside one of ClickHouse's commits: the journal replay below completes those batches.
    const tables = [...new Set(db.repairedAtOpen.map((r) => r.table))];
    logger.warn({ records: db.repairedAtOpen.length, tables }, `deduplication logs: removed ${db.repairedAtOpen.length} record(s) of blocks never committed`);
  }
  const applied = await migrate(db, (line) => logger.info(`[migrate] ${line}`));
  logger.info(
    { database: config.database, engine: db.engine },
    `[migrate] ${applied.length === 0 ? 'up to date' : `${applied.length} applied`} (database ${config.database}, ${db.engine} engine)`,
  );
  await applyRawRetention(db, config.rawRetentionDays);
  if (db.engine === 'embedded' && config.demoData) {
    // Progress for the person waiting goes to stderr as plain text; stdout stays one JSON line per event.
    await loadDemoDataIfEmpty(db, { log: (line) => logger.info(line), progress: progressPrinter(), markerFile: path.join(config.dataDir, '.demo-data.json') });
  }

  const server = await startServer(createServices(db, config, { logger }));
  // Before "ready" is logged: a supervisor (or a test) may signal as soon as it reads that line.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests, then closing ClickHouse`);
    try {
      await server.stop();
      await db.close();
      process.exit(0);
    } catch (error) {
      logger.error(errorFields(error), 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  logger.info(
    { url: server.url, metrics: server.url.replace('/graphql', '/metrics') },
    `LearnMetrics ready in ${((Date.now() - started) / 1000).toFixed(1)}s: GraphQL at ${server.url}`,
  );
  if (config.nodeEnv !== 'production' && db.engine === 'embedded' && config.authJwtSecret) await printDevelopmentTokens(config.authJwtSecret);
}

/**
 * Development only: tokens to try the API with at once (never printed in production). Printed as
 * plain text, not through the logger: log lines never carry a token.
 */
async function printDevelopmentTokens(secret: string) {
  const admin = await mintToken(secret, { role: 'admin', ttl: '12h' });
  const partner = await mintToken(secret, { role: 'partner', companyId: 'company-01', ttl: '12h' });
  console.log(`Development tokens (12 h; mint more with npm run token):\n  admin:              Bearer ${admin}\n  partner company-01: Bearer ${partner}`);
}

main().catch((error) => {
  console.error(`LearnMetrics failed to start: ${(error as Error).message}`);
  process.exit(1);
});
