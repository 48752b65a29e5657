import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import { authenticate } from './authenticate';
import type { Context } from '../resolvers/context';
import { buildGraphQLSchema } from '../graphql/build-schema';
import type { Services } from '../services';
import { adminAnalyticsRoutes } from './admin-analytics.routes';
import { dashboardRoutes } from './dashboard.routes';
import { exportRoutes } from './export.routes';
import { graphiqlRoutes } from './graphiql.routes';
import { healthRoutes } from './health.routes';
import { bodyErrorHandler, ingestGate, ingestRoutes } from './ingest.routes';
import { authenticateXapi } from './xapi-auth';
import { xapiRoutes } from './xapi.routes';
import { catalogRoutes } from './catalog.routes';
import { runInRequest } from '../observability/request-context';
import { corsMiddleware } from './cors';
import { graphQLErrorFormatter, internalErrorHandler } from './error-masking';
import { metricsRoutes } from './metrics.routes';
import { observabilityPlugin } from '../graphql/observability.plugin';
import { observeQueries } from '../observability/query-log';
import { requestLog } from './request-log';
import { createRateLimiter } from './rate-limit';
import { privacyReportPlugin } from '../graphql/privacy-report';
import { warningsReportPlugin } from '../graphql/warnings-report';
import { scalarErrorsPlugin } from '../graphql/scalar-errors.plugin';
import { batchLimit } from '../graphql/batch-limit';
import { limitsPlugin } from '../graphql/limits.plugin';
import { servingPlugin } from '../graphql/serving.plugin';
import { answerCachePlugin } from '../graphql/answer-cache.plugin';
import { graphqlMiddleware } from './graphql-middleware';
import { markArrival, requestBudget } from './request-budget';
import { restAnswerAtDeadline } from './rest-deadline';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /**
   * Drains ingest (new POST /v1/events get 503 + Retry-After while in-flight ones finish, up to
   * INGEST_DRAIN_SECONDS), then stops accepting connections, lets in-flight requests finish,
   * then resolves. Does not close ClickHouse.
   */
  stop(): Promise<void>;
}

/** Builds the HTTP app (health, GraphQL) and starts listening. Port 0 picks a free port (tests). */
export async function startServer(services: Services, port = services.config.port): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Node's default (5 s) lets the server drop an idle connection just as a client reuses it; the
  // client then sees ECONNRESET for a request nobody read (config.httpKeepAliveSeconds). The
  // headers timeout must outlast it, or Node closes the connection before the next request.
  httpServer.keepAliveTimeout = services.config.httpKeepAliveSeconds * 1000;
  httpServer.headersTimeout = httpServer.keepAliveTimeout + 5000;
  const { logger, metrics } = services;
  const ingest = services.ingestRuntime;
  // Batches a previous process left in the journal are completed before the first request.
  const replayed = await ingest.start();
  if (replayed > 0) logger.warn({ replayed }, `ingest journal: completed ${replayed} batch(es) left in flight by the previous process`);

  const apollo = new ApolloServer<Context>({
    schema: buildGraphQLSchema(),
    // No Apollo landing page (it loads from a CDN): browsers get GraphiQL from graphiqlRoutes.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      privacyReportPlugin(services.config.privacyMinLearners),
      warningsReportPlugin(),
      scalarErrorsPlugin(),
      limitsPlugin(services.config),
      // After the privacy report: the answer it keeps carries extensions.privacy.
      answerCachePlugin(services.answerCache, () => services.db.dataVersion.current),
      servingPlugin(),
      observabilityPlugin(metrics),
    ],
    // A JSON array of operations is served, at most MAX_BATCH_OPERATIONS of them (batchLimit below).
    allowBatchedHttpRequests: true,
    // The parser stops at MAX_QUERY_TOKENS: an oversized document costs milliseconds, not seconds of validation.
    parseOptions: { maxTokens: services.config.limits.maxTokens },
    // Our config decides, not process.env.NODE_ENV (tests build production configs in-process).
    nodeEnv: services.config.nodeEnv,
    introspection: services.config.introspectionEnabled,
    // Without introspection, "Did you mean ...?" suggestions would leak the schema field by field.
    hideSchemaDetailsFromClientErrors: !services.config.introspectionEnabled,
    // Apollo's default, stated: a GET or a simple-content-type POST (what a cross-site form or
    // <img> can send without a preflight) needs a non-empty apollo-require-preflight or
    // x-apollo-operation-name header; JSON POSTs are unaffected.
    csrfPrevention: true,
    // Messages of non-public errors and all stack traces stay in the log (error-masking.ts).
    includeStacktraceInErrorResponses: false,
    formatError: graphQLErrorFormatter(logger),
  });
  await apollo.start();
  // Every ClickHouse statement: duration histogram by operation; slow ones logged with their query id.
  const stopObservingQueries = observeQueries(services.db, metrics, logger, services.config.slowQueryMs);

  // Every request gets an id (echoed in X-Request-Id, used in logs and masked errors) and its
  // own async context, so logs and metrics can name the request (observability/request-context.ts).
  // First of all: a request's deadline counts from its arrival (src/server/request-budget.ts).
  app.use(markArrival());
  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.set('X-Request-Id', requestId);
    runInRequest({ requestId }, next);
  });
  app.use(requestLog(logger));
  app.use(corsMiddleware(services.config.corsOrigins));
  app.use(healthRoutes(services.db, logger, ingest));
  // Open to loopback or to METRICS_TOKEN (a scraper cannot use the API's JWTs); no rate limit.
  app.use(metricsRoutes(metrics, services.config.metricsToken));
  const requireToken = authenticate(services.tokens);
  // Per-token budgets, spent after authentication (so the key is the verified token) and
  // before the body is read; health endpoints above are exempt.
  const limiter = await createRateLimiter(services.config, {
    onRejected: (kind, viewer) => metrics.rateLimitRejection(kind, viewer?.role),
    warn: (line) => logger.warn(line),
  });
  app.use('/v1/events', ingestGate(ingest.gate), requireToken, limiter.middleware('ingest'));
  app.use(ingestRoutes(services.ingest, services.config, logger));
  // xAPI statements: the same tokens as /v1/events, or Basic credentials mapped to one; /xapi/about is open.
  app.use(
    '/xapi/statements',
    (req, res, next) => (req.method === 'POST' ? ingestGate(ingest.gate)(req, res, next) : next()),
    authenticateXapi(services.tokens, services.config.xapiCredentials),
    limiter.middleware('ingest'),
  );
  app.use(xapiRoutes(services));
  // The course structure store: written by the platform's service tokens, on the ingest budget.
  app.use('/v1/catalog', requireToken, limiter.middleware('ingest'));
  app.use(catalogRoutes(services));
  app.use(graphiqlRoutes(services.config));
  app.use(dashboardRoutes());
  // CSV exports and the specification's admin REST endpoint read metrics: same token check and
  // read budget as /graphql; the routes check the role, the request's services decide tenancy.
  const budget = requestBudget(services.config.serving);
  // Answered at the deadline (504 QUERY_TIMEOUT) even while statements are still stopping.
  app.use(['/export', '/admin'], requireToken, limiter.middleware('graphql'), budget, restAnswerAtDeadline());
  app.use(exportRoutes(services));
  app.use(adminAnalyticsRoutes(services));
  app.use(
    '/graphql',
    requireToken,
    limiter.middleware('graphql'),
    budget,
    express.json({ limit: '1mb' }),
    batchLimit(services.config.limits.maxBatchOperations),
    // Apollo, answering QUERY_TIMEOUT at the deadline even while statements are still stopping.
    // The context is fresh per operation: the request's services and DataLoaders never leak between requests.
    graphqlMiddleware(apollo, async ({ res }): Promise<Context> => {
      const { viewer, budget } = res.locals;
      return { viewer, services: services.forRequest(viewer, { budget }), app: services, budget };
    }),
  );
  app.use(bodyErrorHandler);
  app.use(internalErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, resolve);
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actualPort}/graphql`,
    port: actualPort,
    httpServer,
    // apollo.stop() drains the HTTP server (ApolloServerPluginDrainHttpServer): new
    // connections are refused, in-flight requests finish, idle keep-alive sockets close.
    stop: async () => {
      const drained = await ingest.gate.drain(services.config.ingestDrainSeconds * 1000);
      if (!drained) {
        logger.warn(
          { inFlight: ingest.gate.active },
          `ingest drain: ${ingest.gate.active} request(s) still in flight after ${services.config.ingestDrainSeconds}s; stopping anyway (their batches are in the journal and completed at the next start)`,
        );
      }
      await apollo.stop();
      await ingest.close();
      await limiter.close();
      stopObservingQueries();
    },
  };
}
