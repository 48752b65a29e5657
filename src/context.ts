import type { Viewer } from './auth/viewer';
import { createLoaders, type Loaders } from './metrics/loaders';
import { resolveScope, type TenantScope } from './metrics/scope';
import type { Services } from './services';

/**
 * Per-request context. Built fresh for every GraphQL request so per-request caches
 * (DataLoaders) never leak between requests or viewers.
 */
export interface Context {
  services: Services;
  viewer: Viewer;
  /** The tenancy decision for a query that names (or does not name) a company; FORBIDDEN for another company's partner. Carries the partner privacy threshold. */
  scopeFor(companyId: string | null | undefined): TenantScope;
  /** This request's DataLoaders: keys sharing a filter are fetched in one query. */
  loaders: Loaders;
}

export function createContext(services: Services, viewer: Viewer): Context {
  return { services, viewer, scopeFor: (companyId) => resolveScope(viewer, companyId, services.config.privacyMinLearners), loaders: createLoaders(services) };
}
