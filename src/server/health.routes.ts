import { Router } from 'express';
import type { ClickHouse } from '../clickhouse/client';
import { pendingMigrations } from '../clickhouse/migrations';
import type { IngestRuntime } from '../ingest/ingest-runtime';
import { errorFields, errorMessage, type Logger } from '../observability/logger';
import { currentRequest } from '../observability/request-context';

/**
 * /healthz: the process is alive (no dependency checked, so an orchestrator does not restart
 * the API because ClickHouse is slow). /readyz: ClickHouse answers and every migration is
 * applied, inserts succeed (after a failed one, a probe write must succeed: a full or read-only
 * disk makes the instance not ready) and it is not draining, so traffic is only routed to an
 * instance that can serve it.
 */
export function healthRoutes(db: ClickHouse, logger: Logger, ingest?: IngestRuntime): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        res.status(503).json({ status: 'not ready', reason: `migrations pending: ${pending.map((m) => m.name).join(', ')}` });
        return;
      }
      if (ingest?.gate.draining) {
        res.status(503).json({ status: 'not ready', reason: 'shutting down: finishing in-flight ingests' });
        return;
      }
      const problem = await ingest?.recheck();
      if (problem !== undefined) {
        logger.error({ requestId: currentRequest()?.requestId, detail: problem }, `readyz: ingest writes fail: ${problem}`);
        res.status(503).json({ status: 'not ready', reason: 'ClickHouse refuses writes: disk full or read-only? (detail in the server log)' });
        return;
      }
      res.json({ status: 'ready', engine: db.engine });
    } catch (error) {
      // Open without a token, so ClickHouse's own text stays in the log.
      const requestId = currentRequest()?.requestId;
      logger.error({ requestId, ...errorFields(error) }, `readyz: ClickHouse did not answer: ${errorMessage(error)}`);
      res.status(503).json({ status: 'not ready', reason: 'ClickHouse did not answer (detail in the server log)', requestId });
    }
  });
  return router;
}
