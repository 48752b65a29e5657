import type { RequestHandler, Response } from 'express';
import type { RequestBudget } from '../clickhouse/request-budget';
import type { Viewer } from '../domain/viewer';
import { sendRestError } from './rest-errors';

/**
 * REST endpoints that read metrics (/export, /admin) answer at the request's deadline, as
 * /graphql does (graphql-middleware.ts): 504 `{ error, code: "QUERY_TIMEOUT" }` the moment the
 * budget runs out, not when the request's statements have finished stopping. The statements'
 * promises reject at once, but a route's own work between them, or an engine slow to stop a
 * statement, would otherwise hold the answer past the deadline.
 *
 * A CSV is computed whole before its first byte is written (export/csv-stream.ts), so at the
 * deadline nothing has been sent and the 504 is the whole answer: never a cut file. The route
 * then finds the answer gone (`answeredAtDeadline`) and drops what it computed.
 */
export function restAnswerAtDeadline(): RequestHandler {
  return (_req, res, next) => {
    const budget = res.locals.budget as RequestBudget | undefined;
    if (budget === undefined) {
      next();
      return;
    }
    const onStop = () => {
      if (budget.reason !== 'deadline' || res.headersSent || res.writableEnded || res.destroyed) return;
      res.locals.answeredAtDeadline = true;
      sendRestError(res, next, budget.error((res.locals.viewer as Viewer | undefined)?.role));
    };
    if (budget.signal.aborted) onStop();
    else {
      budget.signal.addEventListener('abort', onStop, { once: true });
      res.on('close', () => budget.signal.removeEventListener('abort', onStop));
    }
    next();
  };
}

/** True once restAnswerAtDeadline has answered for the request: what the route computed since is dropped. */
export function answeredAtDeadline(res: Response): boolean {
  return res.locals.answeredAtDeadline === true;
}
