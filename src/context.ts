import type { Services } from './services';

/**
 * Per-request context. Built fresh for every GraphQL request so per-request caches
 * (DataLoaders) never leak between requests or viewers.
 */
export interface Context {
  services: Services;
}

export function createContext(services: Services): Context {
  return { services };
}
