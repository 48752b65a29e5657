import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { authenticate } from '../auth/authenticate';
import { createContext, type Context } from '../context';
import { buildGraphQLSchema } from '../schema/build-schema';
import type { Services } from '../services';
import { graphiqlRoutes } from './graphiql.routes';
import { healthRoutes } from './health.routes';
import { bodyErrorHandler, ingestRoutes } from './ingest.routes';
import { runInRequest } from './request-context';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. Does not close ClickHouse. */
  stop(): Promise<void>;
}

/** Builds the HTTP app (health, GraphQL) and starts listening. Port 0 picks a free port (tests). */
export async function startServer(services: Services, port = services.config.port): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<Context>({
    schema: buildGraphQLSchema(),
    // No Apollo landing page (it loads from a CDN): browsers get GraphiQL from graphiqlRoutes.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  // Every request gets an id (echoed in X-Request-Id, used in logs and masked errors) and its
  // own async context, so deeper layers can read the viewer and per-role query limits.
  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.set('X-Request-Id', requestId);
    runInRequest({ requestId }, next);
  });
  app.use(healthRoutes(services.db));
  const requireToken = authenticate(services.tokens);
  app.use('/v1/events', requireToken);
  app.use(ingestRoutes(services.ingest, services.config));
  app.use(graphiqlRoutes(services.config));
  app.use(
    '/graphql',
    requireToken,
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async ({ res }) => createContext(services, res.locals.viewer) }),
  );
  app.use(bodyErrorHandler);

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
    stop: () => apollo.stop(),
  };
}
