/**
 * Run as a child process by the fault tests (the embedded engine binds one data directory per
 * process, and the jest worker already has its own): opens DATA_DIR, and prints one JSON line:
 * how many rows `events` holds, how many distinct ids, which of the ids listed in the file
 * argv[2] are missing or stored more than once, and every rollup difference.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { createClickHouse } from '../../../src/clickhouse/client';
import { sql } from '../../../src/clickhouse/sql';
import { loadConfig } from '../../../src/config/config';
import { rollupDifferences } from '../rollups';

async function main() {
  const ids = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as string[];
  // An offline check, not a request: no request-sized query limit (QUERY_TIMEOUT_SECONDS unless set).
  const db = createClickHouse(loadConfig({ QUERY_TIMEOUT_SECONDS: '600', ...process.env }));
  try {
    const [totals] = await db.query<{ rows: string; ids: string }>(
      'inspect.totals',
      sql`SELECT count() AS rows, uniqExact(event_id) AS ids FROM ${db.table('events')}`,
    );
    // Every stored id with its count, matched here: an IN list of the acknowledged ids (77k after
    // 8 kill cycles) took the engine past the 30 s query limit to parse on a loaded machine.
    const stored = await db.query<{ id: string; n: string }>(
      'inspect.stored',
      sql`SELECT toString(event_id) AS id, count() AS n FROM ${db.table('events')} GROUP BY event_id`,
    );
    const all = new Map(stored.map((r) => [r.id, Number(r.n)]));
    const counts = new Map(ids.flatMap((id) => (all.has(id) ? [[id, all.get(id)!] as const] : [])));
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
