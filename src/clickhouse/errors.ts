import type { ClickHouseSettings } from '@clickhouse/client';
import { GraphQLError } from 'graphql';
import { SchedulerBusyError } from './scheduler';

/**
 * ClickHouse errors by code, in one place (ClickHouse.run passes every failed query through
 * typedQueryError). Both engines throw clickhouse-js's ClickHouseError shape
 * ({ code: '159', type: 'TIMEOUT_EXCEEDED' }); the embedded engine's comes from its own copy
 * of the class, so errors are recognised by shape, not with instanceof. Nothing here retries:
 * a limit error would fail again, and the client's own retries cover network errors.
 */
export interface ClickHouseErrorInfo {
  code: number;
  type: string;
}

/** What a failed query means for the client. */
export type ClickHouseFailure = 'timeout' | 'too_large';

/** Codes of the per-query limits (src/clickhouse/role-settings.ts); the rest are internal errors. */
const FAILURES: Record<number, ClickHouseFailure> = {
  159: 'timeout', // TIMEOUT_EXCEEDED: max_execution_time
  160: 'timeout', // TOO_SLOW: the estimated run time is over max_execution_time
  158: 'too_large', // TOO_MANY_ROWS: max_rows_to_read
  307: 'too_large', // TOO_MANY_BYTES: max_bytes_to_read
  396: 'too_large', // TOO_MANY_ROWS_OR_BYTES: max_result_rows / max_result_bytes
  241: 'too_large', // MEMORY_LIMIT_EXCEEDED: max_memory_usage
};

export function clickHouseErrorInfo(error: unknown): ClickHouseErrorInfo | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, type } = error as { code?: unknown; type?: unknown };
  if (typeof code !== 'string' || !/^\d+$/.test(code) || typeof type !== 'string') return null;
  return { code: Number(code), type };
}

/** 'timeout' or 'too_large' for an error of the per-query limits; null for anything else. */
export function classifyClickHouseError(error: unknown): ClickHouseFailure | null {
  const info = clickHouseErrorInfo(error);
  return info ? (FAILURES[info.code] ?? null) : null;
}

const asNumber = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : Number(value));

/**
 * A query stopped by a per-query limit as a typed GraphQL error: QUERY_TIMEOUT
 * (max_execution_time) or QUERY_TOO_LARGE (rows read, result rows, memory). The overflow
 * modes are `throw`, so there are no partial rows: the field is null with this error. The
 * message names the limits in force (`settings`, the query's settings), never SQL or
 * ClickHouse's text. Null for every other error (they stay internal errors).
 */
export function typedQueryError(error: unknown, settings: ClickHouseSettings, role?: string): GraphQLError | null {
  const failure = classifyClickHouseError(error);
  if (failure === null) return null;
  const who = role ? ` for ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} token` : '';
  if (failure === 'timeout') {
    const seconds = asNumber(settings.max_execution_time);
    return new GraphQLError(
      `The query ran longer than the ${seconds ?? 'configured'} s allowed${who} and was stopped: ask for a shorter period, a coarser granularity, fewer groups or one company.`,
      { extensions: { code: 'QUERY_TIMEOUT', ...(seconds === undefined ? {} : { limitSeconds: seconds }) } },
    );
  }
  const limits = {
    maxRowsToRead: asNumber(settings.max_rows_to_read),
    maxResultRows: asNumber(settings.max_result_rows),
    maxMemoryUsage: asNumber(settings.max_memory_usage),
  };
  const said = [
    limits.maxRowsToRead ? `read at most ${limits.maxRowsToRead} rows` : '',
    limits.maxResultRows ? `return at most ${limits.maxResultRows} rows` : '',
    limits.maxMemoryUsage ? `use at most ${limits.maxMemoryUsage} bytes of memory` : '',
  ].filter(Boolean);
  return new GraphQLError(
    `The query needed more than the limits allow${who}${said.length ? ` (${said.join(', ')})` : ''} and was stopped: ask for a shorter period, one company, fewer groups or a smaller limit.`,
    { extensions: { code: 'QUERY_TOO_LARGE', limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) } },
  );
}

/**
 * The scheduler's queue was full: SERVER_BUSY, which the API answers with 503 and Retry-After
 * (src/graphql/serving.plugin.ts, src/server/rest-errors.ts). Null for any other error.
 */
export function busyQueryError(error: unknown): GraphQLError | null {
  if (!(error instanceof SchedulerBusyError)) return null;
  return new GraphQLError(error.message, {
    extensions: { code: 'SERVER_BUSY', retryAfterSeconds: error.retryAfterSeconds, queue: error.scope, limit: error.limit },
  });
}
