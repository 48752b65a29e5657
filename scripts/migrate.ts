import 'reflect-metadata';
import { createClickHouse } from '../src/clickhouse/client';
import { migrate, MigrationChecksumError } from '../src/clickhouse/migrations';
import { applyRawRetention } from '../src/clickhouse/retention';
import { loadConfig } from '../src/config/config';

/** `npm run migrate`: applies pending migrations to the configured engine and database. */
async function main() {
  const config = loadConfig();
  const db = createClickHouse(config);
  try {
    const applied = await migrate(db, (line) => console.log(line));
    await applyRawRetention(db, config.rawRetentionDays);
    console.log(
      applied.length === 0 ? `nothing to apply: database ${config.database} is up to date` : `applied ${applied.length} migration(s) to ${config.database}`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof MigrationChecksumError ? error.message : `migrate failed: ${(error as Error).message}`);
  process.exit(1);
});
