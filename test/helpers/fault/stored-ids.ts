/**
 * Run as a child process (the embedded engine binds one data directory per process): opens
 * DATA_DIR and prints one JSON line: every event_id in `events` with how often it is stored,
 * and the rollup differences. The replica tests join these across nodes.
 */
import 'reflect-metadata';
import { createClickHouse } from '../../../src/clickhouse/client';
import { sql } from '../../../src/clickhouse/sql';
import { loadConfig } from '../../../src/config/config';
import { rollupDifferences } from '../rollups';

async function main() {
  const db = createClickHouse(loadConfig());
  try {
    const rows = await db.query<{ id: string; n: string }>(
      'inspect.stored_ids',
      sql`SELECT toString(event_id) AS id, count() AS n FROM ${db.table('events')} GROUP BY event_id`,
    );
    const differences = await rollupDifferences(db);
    console.log(JSON.stringify({ counts: Object.fromEntries(rows.map((r) => [r.id, Number(r.n)])), differences: differences.length }));
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error((error as Error).stack);
  process.exit(1);
});
