import type { ClickHouse } from '../clickhouse/client';
import { SystemRepository } from '../clickhouse/repositories/system.repository';

/** Placeholder until the generator lands: loads nothing. */
export async function loadDemoDataIfEmpty(db: ClickHouse): Promise<void> {
  const count = await new SystemRepository(db).countEvents();
  console.log(`[demo] events table holds ${count} events`);
}
