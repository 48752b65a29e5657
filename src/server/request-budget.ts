import type { RequestHandler } from 'express';
import { RequestBudget } from '../clickhouse/request-budget';
import type { ServingConfig } from '../config/serving-config';
import type { Viewer } from '../domain/viewer';

/** Marks when a request arrived (the first middleware), so its deadline counts from there. */
export function markArrival(): RequestHandler {
  return (_req, res, next) => {
    res.locals.receivedAt = performance.now();
    next();
  };
}

function receivedAt(res: { locals: Record<string, unknown> }): number | undefined {
  const at = res.locals.receivedAt;
  return typeof at === 'number' ? at : undefined;
}

/**
 * After authentication: the request's deadline (its role's `<ROLE>_REQUEST_DEADLINE`, counted
 * from the request's arrival: markArrival), and a client that goes away before the answer stops
 * every query of the request (queued ones dropped, running ones cancelled in the engine).
 * `res.locals.budget` carries it to the request's services (services.forRequest). Roles that read
 * no metrics get none.
 */
export function requestBudget(serving: ServingConfig): RequestHandler {
  return (_req, res, next) => {
    const viewer = res.locals.viewer as Viewer | undefined;
    if (!viewer || viewer.role === 'ingest') {
      next();
      return;
    }
    const budget = new RequestBudget(serving.requestDeadlineSeconds[viewer.role], receivedAt(res));
    res.locals.budget = budget;
    res.on('finish', () => budget.finish());
    // 'close' without 'finish': the connection went away before the response was complete.
    res.on('close', () => {
      if (!res.writableFinished) budget.stop('disconnected');
      else budget.finish();
    });
    next();
  };
}
