import type { ClickHouse } from './client';
import { sql, param } from './sql';

/**
 * Raw-event retention is configuration (RAW_RETENTION_DAYS), not schema, so it is applied after
 * the migrations rather than written into one. Rollups keep their history either way: a TTL on
 * `events` deletes raw rows only, never the rollup states already derived from them.
 */
export async function applyRawRetention(db: ClickHouse, days: number): Promise<void> {
  const rows = await db.query<{ create_table_query: string }>(
    'retention.read',
    sql`SELECT create_table_query FROM system.tables WHERE database = ${db.database} AND name = 'events'`,
  );
  const hasTtl = /\bTTL\b/.test(rows[0]?.create_table_query ?? '');
  if (days > 0) {
    await db.command('retention.set', sql`ALTER TABLE ${db.table('events')} MODIFY TTL toDateTime(timestamp) + toIntervalDay(${param(days, 'UInt32')})`);
  } else if (hasTtl) {
    await db.command('retention.remove', sql`ALTER TABLE ${db.table('events')} REMOVE TTL`);
  }
}
