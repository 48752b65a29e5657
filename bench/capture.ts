import type { ClickHouseSettings } from '@clickhouse/client';
import type { ClickHouse } from '../src/clickhouse/client';
import { render, type SqlFragment } from '../src/clickhouse/sql';

/** One statement a GraphQL field sent, as the client saw it (db.onQuery). */
export interface CapturedQuery {
  operation: string;
  query: string;
  params: Record<string, unknown>;
  startMs: number;
  endMs: number;
}

/** Runs `fn` and records every statement `db` ran meanwhile (the bench runs one request at a time). */
export async function capture<T>(db: ClickHouse, fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const stop = db.onQuery((e) => {
    const endMs = performance.now();
    queries.push({ operation: e.operation, query: e.query, params: e.params, startMs: endMs - e.durationMs, endMs });
  });
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    stop();
  }
}

/** Statements that ran at the same time (the service's Promise.all) are replayed at the same time; the others one after the other. */
function waves(queries: readonly CapturedQuery[]): CapturedQuery[][] {
  const out: CapturedQuery[][] = [];
  let end = -Infinity;
  for (const q of [...queries].sort((a, b) => a.startMs - b.startMs)) {
    if (out.length > 0 && q.startMs < end) out[out.length - 1].push(q);
    else out.push([q]);
    end = Math.max(end, q.endMs);
  }
  return out;
}

/**
 * Sends one statement straight through @clickhouse/client and reads the rows. `settings` are
 * the ones ClickHouse.run sends for the bench's admin requests (timeout and the admin role's
 * limits): the embedded engine applies settings as session-wide SETs, so a direct statement
 * must send them too, or it would run with whatever the previous statement left behind.
 */
export async function runDirect(
  db: ClickHouse,
  operation: string,
  query: string,
  params: Record<string, unknown>,
  settings: ClickHouseSettings,
): Promise<unknown[]> {
  const result = await db.client.query({ query, query_params: params, format: 'JSONEachRow', clickhouse_settings: { log_comment: operation, ...settings } });
  return (await result.json()) as unknown[];
}

/** The identical SQL and parameters a GraphQL call sent, replayed without GraphQL, HTTP or the service layer. */
export function replayer(db: ClickHouse, queries: readonly CapturedQuery[], settings: ClickHouseSettings): () => Promise<unknown[][]> {
  const plan = waves(queries);
  return async () => {
    const rows: unknown[][] = [];
    for (const wave of plan) rows.push(...(await Promise.all(wave.map((q) => runDirect(db, q.operation, q.query, q.params, settings)))));
    return rows;
  };
}

/** A bench-written SQL statement (raw-event recomputations), rendered with the project's `sql` helper and sent directly. */
export function direct(db: ClickHouse, operation: string, fragment: SqlFragment, settings: ClickHouseSettings): () => Promise<unknown[]> {
  const { query, params } = render(fragment);
  return () => runDirect(db, operation, query, params, settings);
}
