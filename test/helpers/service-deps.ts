import type { ClickHouse } from '../../src/clickhouse/client';
import { DEFAULT_PERIOD_LIMITS } from '../../src/domain/period';
import { Tenancy } from '../../src/domain/tenant-scope';
import type { Role, Viewer } from '../../src/domain/viewer';
import type { ServiceDeps } from '../../src/metrics/request-services';

/** A viewer as a verified token would give it. */
export function viewer(role: Role, companyId: string | null = null, scopes: string[] = []): Viewer {
  return { subject: `test-${role}`, role, companyId, scopes };
}

/**
 * A ClickHouse handle that fails the test on any use: unit tests of services pass fake
 * repositories, so reaching the engine means a repository was built from deps.db by mistake.
 */
const NO_DATABASE = new Proxy({} as ClickHouse, {
  get(_target, name) {
    throw new Error(`a unit test touched ClickHouse (db.${String(name)}): pass a fake repository to the service`);
  },
});

/** What services.forRequest(viewer) would build, without an engine: k is the partner privacy threshold. */
export function serviceDeps(who: Viewer, k = 5): ServiceDeps {
  return { db: NO_DATABASE, tenancy: new Tenancy(who, k), periodLimits: DEFAULT_PERIOD_LIMITS };
}
