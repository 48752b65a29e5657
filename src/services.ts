import { TokenVerifier } from './auth/tokens';
import type { ClickHouse } from './clickhouse/client';
import type { RequestBudget } from './clickhouse/request-budget';
import { clickhouseSettingsFor } from './clickhouse/role-settings';
import type { Config } from './config/config';
import type { PeriodLimits } from './domain/period';
import { Tenancy } from './domain/tenant-scope';
import type { Viewer } from './domain/viewer';
import { IngestService } from './ingest/ingest.service';
import { AnswerCache } from './graphql/answer-cache';
import { IngestRuntime } from './ingest/ingest-runtime';
import { RequestServices } from './metrics/request-services';
import { reportingTimezoneOf } from './config/reporting-timezones';
import { createLogger, type Logger } from './observability/logger';
import { Metrics } from './observability/metrics';

/** Process-wide services, built once at start and shared by every request. */
export interface Services {
  tokens: TokenVerifier;
  db: ClickHouse;
  config: Config;
  /** Structured JSON logs (pino). */
  logger: Logger;
  /** This process's Prometheus registry and metrics (GET /metrics). */
  metrics: Metrics;
  ingest: IngestService;
  /** GraphQL answers by (document, variables, viewer scope) at the current data version; undefined when off. */
  answerCache?: AnswerCache;
  /** The ingest path's process-wide parts: journal, writer, drain gate, write health (src/ingest/ingest-runtime.ts). */
  ingestRuntime: IngestRuntime;
  /**
   * The services of one request for this viewer: metric services bound to its tenancy, a
   * ClickHouse handle carrying its role's limits, and DataLoaders of their own.
   */
  forRequest(viewer: Viewer, request?: RequestSignal): RequestServices;
}

/** What the HTTP layer knows of one request: when it must stop (deadline, client gone). */
export interface RequestSignal {
  budget?: RequestBudget;
}

/**
 * The scheduler's fair-share key of a viewer: a partner's company (every token of one company
 * shares one share), otherwise the token's subject within its role.
 */
export function tenantOf(viewer: Viewer): string {
  return viewer.role === 'partner' && viewer.companyId !== null ? `company:${viewer.companyId}` : `${viewer.role}:${viewer.subject}`;
}

export interface ServiceOptions {
  /** Default: a logger at `config.logLevel` writing to stdout. Tests pass one that keeps its lines. */
  logger?: Logger;
}

export function createServices(db: ClickHouse, config: Config, options: ServiceOptions = {}): Services {
  const periodLimits: PeriodLimits = { maxDays: config.maxPeriodDays, maxHourDays: config.maxHourPeriodDays };
  const metrics = new Metrics();
  metrics.observeScheduler(db.scheduler);
  const answerCache = config.serving.answerCacheMaxBytes > 0 ? new AnswerCache(config.serving.answerCacheMaxBytes) : undefined;
  if (answerCache) metrics.observeAnswerCache(answerCache);
  const ingestRuntime = new IngestRuntime(db, config);
  metrics.watchIngestInFlight(() => ingestRuntime.gate.active);
  return {
    tokens: new TokenVerifier({
      secret: config.authJwtSecret,
      jwksUrl: config.authJwksUrl,
      issuer: config.authIssuer,
      audience: config.authAudience,
      hygiene: config.tokens,
    }),
    db,
    config,
    logger: options.logger ?? createLogger({ level: config.logLevel }),
    metrics,
    answerCache,
    ingestRuntime,
    ingest: new IngestService(
      ingestRuntime.writer,
      ingestRuntime.registry,
      ingestRuntime.keys,
      { strict: config.ingestStrict, dedupWindowSeconds: config.dedupWindowSeconds },
      (result) => metrics.ingest(result),
    ),
    forRequest: (viewer, request = {}) =>
      new RequestServices({
        db: db
          .withSettings(clickhouseSettingsFor(viewer.role, config.limits) ?? {}, viewer.role)
          .forRequest({ tenant: tenantOf(viewer), budget: request.budget }),
        tenancy: new Tenancy(viewer, config.privacyMinLearners),
        periodLimits: periodLimitsFor(viewer, config, periodLimits),
      }),
  };
}

/** A partner's periods are cut in its company's reporting timezone only, while the privacy threshold is on (src/domain/period.ts). */
function periodLimitsFor(viewer: Viewer, config: Config, limits: PeriodLimits): PeriodLimits {
  if (viewer.role !== 'partner' || viewer.companyId === null || config.privacyMinLearners === 0) return limits;
  return { ...limits, reportingTimezone: reportingTimezoneOf(config.partnerReportingTimezones, viewer.companyId) };
}
