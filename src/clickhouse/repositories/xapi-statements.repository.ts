import type { TenantScope } from '../../domain/tenant-scope';
import type { ClickHouse } from '../client';
import { scopeCondition } from '../conditions';
import { param, sql } from '../sql';

/** Statements received by POST /xapi/statements, read back from the events they became. */
export class XapiStatementsRepository {
  constructor(private readonly db: ClickHouse) {}

  /**
   * The stored statement (JSON text) of one statement id, or null. The events table is ordered
   * by type and day, not by id: the bloom-filter index on event_id is what keeps this a lookup.
   */
  async byId(scope: TenantScope, id: string): Promise<string | null> {
    const rows = await this.db.query<{ statement: string }>(
      'xapi.statement_by_id',
      sql`SELECT toString(getSubcolumn(properties, 'xapi_statement')) AS statement
          FROM ${this.db.table('events')}
          WHERE event_id = ${param(id, 'UUID')} AND source = 'xapi' AND ${scopeCondition(scope)}
          ORDER BY received_at
          LIMIT 1`,
    );
    const statement = rows[0]?.statement;
    return statement === undefined || statement === '' ? null : statement;
  }
}
