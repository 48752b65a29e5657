import type { ClickHouse } from '../clickhouse/client';
import type { PeriodLimits } from '../domain/period';
import type { Tenancy } from '../domain/tenant-scope';
import type { Viewer } from '../domain/viewer';

/** What every metric service of one request is built from. */
export interface ServiceDeps {
  /** The request's ClickHouse handle: every query carries the viewer's role limits. */
  db: ClickHouse;
  /** The viewer's tenancy decisions: each service asks it for the scope of every query. */
  tenancy: Tenancy;
  /** MAX_PERIOD_DAYS and MAX_HOUR_PERIOD_DAYS. */
  periodLimits: PeriodLimits;
}

/**
 * A metric service class: built from the request's deps. Its repositories come as further
 * constructor parameters with defaults built on `deps.db` (unit tests pass fakes there).
 */
export type ServiceClass<T> = new (deps: ServiceDeps) => T;

/**
 * The services of one request (the GraphQL context, a CSV export, an admin call): each metric
 * service is built on first use and then shared by every field of the request, so its
 * DataLoaders batch across the whole operation, and dropped with the request, so no cache
 * outlives it or crosses viewers. A new service needs no registration: `get(ItsClass)`.
 */
export class RequestServices {
  private readonly built = new Map<ServiceClass<unknown>, unknown>();

  constructor(private readonly deps: ServiceDeps) {}

  get viewer(): Viewer {
    return this.deps.tenancy.viewer;
  }

  get periodLimits(): PeriodLimits {
    return this.deps.periodLimits;
  }

  get<T>(Service: ServiceClass<T>): T {
    let service = this.built.get(Service) as T | undefined;
    if (service === undefined) {
      service = new Service(this.deps);
      this.built.set(Service, service);
    }
    return service;
  }
}
