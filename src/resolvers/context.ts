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
}

export function createContext(app: Services, viewer: Viewer): Context {
  return { viewer, services: app.forRequest(viewer), app };
}
