import type { ClickHouseSettings } from '@clickhouse/client';
import type { Viewer } from '../domain/viewer';
import type { LimitsConfig } from '../config/limits-config';

/**
 * The ClickHouse settings every query of a request carries, from the viewer's role. `throw`
 * everywhere: a query over a limit fails as a whole (QUERY_TIMEOUT / QUERY_TOO_LARGE) instead
 * of returning the rows read so far (`break`), so a client never sees a partial answer.
 * `wait_end_of_query` makes a ClickHouse server buffer the result, so an error found late
 * still arrives as an HTTP error rather than in the middle of a 200 body (the embedded
 * engine ignores it). ingest tokens read no metrics: no settings.
 */
export function clickhouseSettingsFor(role: Viewer['role'], limits: LimitsConfig): ClickHouseSettings | undefined {
  if (role === 'ingest') return undefined;
  const l = limits.clickhouse[role];
  return {
    max_execution_time: l.maxExecutionTimeSeconds,
    timeout_overflow_mode: 'throw',
    max_memory_usage: String(l.maxMemoryUsageBytes),
    max_rows_to_read: String(l.maxRowsToRead),
    read_overflow_mode: 'throw',
    max_result_rows: String(l.maxResultRows),
    result_overflow_mode: 'throw',
    wait_end_of_query: 1,
  };
}
