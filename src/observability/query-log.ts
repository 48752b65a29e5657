import type { ClickHouse } from '../clickhouse/client';
import { currentRequest } from './request-context';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/**
 * Times every ClickHouse statement into the metrics (by operation) and logs it with its query
 * id and the request id: a warn line at or above `slowQueryMs`, a debug line otherwise. The
 * SQL is parameterised (values travel as query parameters), so the slow line may carry its text
 * without any value in it. Returns the unsubscribe function.
 */
export function observeQueries(db: ClickHouse, metrics: Metrics, logger: Logger, slowQueryMs: number): () => void {
  return db.onQuery((event) => {
    metrics.clickhouseQuery(event);
    const fields = {
      // The listener runs in the query's async context, so the request (if any) is still current.
      requestId: currentRequest()?.requestId,
      queryId: event.queryId,
      operation: event.operation,
      durationMs: Math.round(event.durationMs * 10) / 10,
      ...(event.error === undefined ? {} : { failed: true }),
    };
    if (event.durationMs >= slowQueryMs) {
      logger.warn(
        { ...fields, slowQueryMs, sql: event.query.replace(/\s+/g, ' ').slice(0, 2000) },
        `slow ClickHouse query ${event.operation}: ${fields.durationMs} ms`,
      );
    } else {
      logger.debug(fields, `ClickHouse query ${event.operation}`);
    }
  });
}
