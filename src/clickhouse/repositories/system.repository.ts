import type { ClickHouse } from '../client';
import { sql } from '../sql';

/** Facts about the ClickHouse engine itself. */
export class SystemRepository {
  constructor(private readonly db: ClickHouse) {}

  async version(): Promise<string> {
    const rows = await this.db.query<{ version: string }>('system.version', sql`SELECT version() AS version`);
    return rows[0].version;
  }

  async countEvents(): Promise<number> {
    const rows = await this.db.query<{ n: string }>('system.count_events', sql`SELECT count() AS n FROM ${this.db.table('events')}`);
    return Number(rows[0].n);
  }
}
