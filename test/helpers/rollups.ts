import type { ClickHouse } from '../../src/clickhouse/client';
import { RollupVerificationRepository } from '../../src/clickhouse/repositories/rollup-verification.repository';
import { sql } from '../../src/clickhouse/sql';

const ALL_TIME: [Date, Date] = [new Date('2000-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')];

/** Row count of events plus every rollup's totals, to compare before and after a retry. */
export async function storeTotals(db: ClickHouse): Promise<Record<string, unknown>> {
  const events = await db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${db.table('events')}`);
  const reports = await new RollupVerificationRepository(db).verify(...ALL_TIME);
  return { events: Number(events[0].n), ...Object.fromEntries(reports.map((r) => [r.rollup, r.totals])) };
}

/** Every rollup compared with a recomputation from raw events; [] when all agree. */
export async function rollupDifferences(db: ClickHouse) {
  const reports = await new RollupVerificationRepository(db).verify(...ALL_TIME);
  return reports.flatMap((r) => r.differences.map((d) => ({ table: r.rollup, ...d })));
}
