/**
 * Run as a child process by the fault tests (the embedded engine binds one data directory per
 * process, and the jest worker already has its own): opens DATA_DIR, and prints one JSON line:
 * how many rows `events` holds, how many distinct ids, which of the ids listed in the file
 * argv[2] are missing or stored more than once, and every rollup difference.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { createClickHouse } from '../../../src/clickhouse/client';
import { param, sql } from '../../../src/clickhouse/sql';
import { loadConfig } from '../../../src/config/config';
import { rollupDifferences } from '../rollups';

async function main() {
  const ids = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as string[];
  const db = createClickHouse(loadConfig());
  try {
    const [totals] = await db.query<{ rows: string; ids: string }>(
      'inspect.totals',
      sql`SELECT count() AS rows, uniqExact(event_id) AS ids FROM ${db.table('events')}`,
    );
    const found = await db.query<{ id: string; n: string }>(
      'inspect.acknowledged',
      sql`SELECT toString(event_id) AS id, count() AS n FROM ${db.table('events')} WHERE event_id IN ${param(ids, 'Array(UUID)')} GROUP BY event_id`,
    );
    const counts = new Map(found.map((r) => [r.id, Number(r.n)]));
    const differences = await rollupDifferences(db);
    console.log(
      JSON.stringify({
        rows: Number(totals!.rows),
        distinctIds: Number(totals!.ids),
        missing: ids.filter((id) => !counts.has(id)).length,
        storedTwice: [...counts.values()].filter((n) => n > 1).length,
        differences: differences.length,
        firstDifferences: differences.slice(0, 5),
      }),
    );
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error((error as Error).stack);
  process.exit(1);
});
