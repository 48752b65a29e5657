import type { RequestHandler } from 'express';
import { currentRequest } from '../observability/request-context';
import type { Logger } from '../observability/logger';

/** Polled by orchestrators and Prometheus every few seconds: logged at debug unless refused or failing. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One JSON line per HTTP request, when the response is finished (or the client went away):
 * request id, method, path (without the query string), status, GraphQL operation name(s), the
 * viewer's role and company, duration. Never a header, a token, a query string or a body.
 * Mount after the middleware that opens the request state (it reads the viewer and the
 * operations from it once the request is done).
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const state = currentRequest();
    const started = performance.now();
    const path = req.originalUrl.split('?', 1)[0];
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const status = res.statusCode;
      const operations = state?.operations ?? [];
      const line = {
        requestId: state?.requestId,
        method: req.method,
        path,
        status,
        ...(operations.length === 1 ? { operation: operations[0] } : operations.length > 1 ? { operation: operations.join(','), operations } : {}),
        role: state?.viewer?.role,
        company: state?.viewer?.companyId ?? undefined,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      const level = status >= 500 ? 'error' : PROBE_PATHS.has(path) && status < 400 ? 'debug' : 'info';
      logger[level](line, `${req.method} ${path} ${status}`);
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}
