import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createContext, type Context } from '../context';
import { buildGraphQLSchema } from '../schema/build-schema';
import type { Services } from '../services';
import { healthRoutes } from './health.routes';
import { bodyErrorHandler, ingestRoutes } from './ingest.routes';

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
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.use(healthRoutes(services.db));
  app.use(ingestRoutes(services.ingest, services.config));
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: async () => createContext(services) }));
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
