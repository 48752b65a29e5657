import type { RequestBudget } from '../clickhouse/request-budget';
import type { Config } from '../config/config';
import type { Viewer } from '../domain/viewer';
import type { IngestService } from '../ingest/ingest.service';
import type { RequestServices } from '../metrics/request-services';

/**
 * What resolvers may use of the process-wide services: the ingest path and its size limit. The
 * rest (tokens, metrics, the engine itself) stays out of their reach; the server's Services
 * object (src/services.ts) has these members, so it is passed as is.
 */
export interface AppServices {
  ingest: IngestService;
  config: Pick<Config, 'ingestMaxEvents'>;
}

/**
 * Per-request GraphQL context, built fresh for every operation (src/server/app.ts), so the
 * request's services (and their DataLoaders) never leak between requests or viewers.
 */
export interface Context {
  viewer: Viewer;
  /** This request's services: `services.get(SomeService)` is bound to the viewer's tenancy and role limits. */
  services: RequestServices;
  /** Process-wide services (ingest, configuration). */
  app: AppServices;
  /** The HTTP request's deadline and stop signal, shared by the operations of a batch. */
  budget?: RequestBudget;
}
