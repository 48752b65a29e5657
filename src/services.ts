import { TokenVerifier } from './auth/tokens';
import type { ClickHouse } from './clickhouse/client';
import { EventsRepository } from './clickhouse/repositories/events.repository';
import { SystemRepository } from './clickhouse/repositories/system.repository';
import type { Config } from './config';
import { IngestService } from './ingest/ingest.service';
import { createLogger, type Logger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { ActiveUsersService } from './metrics/active-users.service';
import { CompanyLearningService } from './metrics/company-learning.service';
import { CourseEngagementService } from './metrics/course-engagement.service';
import { CampaignsService } from './metrics/campaigns.service';
import { ContentService } from './metrics/content.service';
import { EventCountsService } from './metrics/event-counts.service';
import { EventMetricsService } from './metrics/event-metrics.service';
import { LearnerService } from './metrics/learner.service';
import { RevenueService } from './metrics/revenue.service';
import { FunnelService } from './metrics/funnel.service';
import { RetentionService } from './metrics/retention.service';
import { SessionsService } from './metrics/sessions.service';

/** Process-wide services, built once at start and shared by every request. */
export interface Services {
  tokens: TokenVerifier;
  db: ClickHouse;
  config: Config;
  /** Structured JSON logs (pino). */
  logger: Logger;
  /** This process's Prometheus registry and metrics (GET /metrics). */
  metrics: Metrics;
  system: SystemRepository;
  ingest: IngestService;
  activeUsers: ActiveUsersService;
  courseEngagement: CourseEngagementService;
  companyLearning: CompanyLearningService;
  eventCounts: EventCountsService;
  campaigns: CampaignsService;
  content: ContentService;
  revenue: RevenueService;
  learner: LearnerService;
  eventMetrics: EventMetricsService;
  funnel: FunnelService;
  retention: RetentionService;
  sessions: SessionsService;
}

export interface ServiceOptions {
  /** Default: a logger at `config.logLevel` writing to stdout. Tests pass one that keeps its lines. */
  logger?: Logger;
}

export function createServices(db: ClickHouse, config: Config, options: ServiceOptions = {}): Services {
  const limits = { maxDays: config.maxPeriodDays, maxHourDays: config.maxHourPeriodDays };
  const metrics = new Metrics();
  return {
    tokens: new TokenVerifier({ secret: config.authJwtSecret, jwksUrl: config.authJwksUrl, issuer: config.authIssuer, audience: config.authAudience }),
    db,
    config,
    logger: options.logger ?? createLogger({ level: config.logLevel }),
    metrics,
    system: new SystemRepository(db),
    ingest: new IngestService(new EventsRepository(db), { strict: config.ingestStrict, dedupWindowSeconds: config.dedupWindowSeconds }, (result) => metrics.ingest(result)),
    activeUsers: new ActiveUsersService(db, limits),
    courseEngagement: new CourseEngagementService(db, limits),
    companyLearning: new CompanyLearningService(db, limits),
    eventCounts: new EventCountsService(db, limits),
    campaigns: new CampaignsService(db, limits),
    content: new ContentService(db, limits),
    revenue: new RevenueService(db, limits),
    learner: new LearnerService(db, limits),
    eventMetrics: new EventMetricsService(db, limits),
    funnel: new FunnelService(db, limits),
    retention: new RetentionService(db, limits),
    sessions: new SessionsService(db, limits),
  };
}
