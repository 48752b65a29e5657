import type { RequestHandler } from 'express';
import { RequestBudget } from '../clickhouse/request-budget';
import type { ServingConfig } from '../config/serving-config';
import type { Viewer } from '../domain/viewer';

/**
 * After authentication: the request's deadline (its role's `<ROLE>_REQUEST_DEADLINE`) starts
 * now, and a client that goes away before the answer stops every query of the request (queued
 * ones dropped, running ones cancelled in the engine). `res.locals.budget` carries it to the
 * request's services (services.forRequest). Roles that read no metrics get none.
 */
export function requestBudget(serving: ServingConfig): RequestHandler {
  return (_req, res, next) => {
    const viewer = res.locals.viewer as Viewer | undefined;
    if (!viewer || viewer.role === 'ingest') {
      next();
      return;
    }
    const budget = new RequestBudget(serving.requestDeadlineSeconds[viewer.role]);
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
