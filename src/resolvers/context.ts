import type { RequestBudget } from '../clickhouse/request-budget';
import type { Viewer } from '../domain/viewer';
import type { RequestServices } from '../metrics/request-services';
import type { Services } from '../services';

/**
 * Per-request GraphQL context, built fresh for every operation, so the request's services (and
 * their DataLoaders) never leak between requests or viewers.
 */
export interface Context {
  viewer: Viewer;
  /** This request's services: `services.get(SomeService)` is bound to the viewer's tenancy and role limits. */
  services: RequestServices;
  /** Process-wide services (ingest, configuration). */
  app: Services;
  /** The HTTP request's deadline and stop signal, shared by the operations of a batch. */
  budget?: RequestBudget;
}

export function createContext(app: Services, viewer: Viewer, budget?: RequestBudget): Context {
  return { viewer, services: app.forRequest(viewer, { budget }), app, budget };
}
