import type { ClickHouse } from './clickhouse/client';
import { SystemRepository } from './clickhouse/repositories/system.repository';

/**
 * Per-request context. Built fresh for every GraphQL request so per-request caches
 * (DataLoaders) never leak between requests or viewers.
 */
export interface Context {
  db: ClickHouse;
  system: SystemRepository;
}

export function createContext(db: ClickHouse): Context {
  return { db, system: new SystemRepository(db) };
}
