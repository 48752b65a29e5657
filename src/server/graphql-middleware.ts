import { parse } from 'node:url';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestBudget } from '../clickhouse/request-budget';
import type { Viewer } from '../domain/viewer';
import { currentRequest } from '../observability/request-context';

/**
 * Apollo on Express (what @as-integrations/express5's expressMiddleware does), with one addition:
 * a request whose deadline passes is answered at that moment, whatever is still running.
 *
 * At the deadline the request's queued statements are dropped and its running ones told to stop,
 * and the statements' promises reject at once; but what runs between them (a resolver's own
 * work, a promise that is not a statement) is not tied to the deadline, and the engine may take
 * a while to stop a statement. So the answer does not wait for the execution: it is one
 * QUERY_TIMEOUT error and no data (a batch: one per operation), the same body the serving plugin
 * gives when the execution ends after the deadline (src/graphql/serving.plugin.ts). The execution
 * then ends in the background and its result is dropped; the scheduler frees each statement's
 * slot only when the engine is done with it (src/clickhouse/scheduler.ts).
 */
export function graphqlMiddleware<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: Request; res: Response }) => Promise<TContext>,
): RequestHandler {
  server.assertStarted('graphqlMiddleware()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set: the json middleware must run before the GraphQL middleware.');
      return;
    }
    const budget = res.locals.budget as RequestBudget | undefined;
    const stopAtDeadline = budget ? answerAtDeadline(req, res, budget) : () => {};
    try {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: parse(req.url).search ?? '', body: req.body },
        context: () => context({ req, res }),
      });
      // Answered at the deadline already (or the client is gone): this result is dropped.
      if (res.headersSent || res.writableEnded) return;
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status || 200;
      if (response.body.kind === 'complete') {
        res.send(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) {
        if (res.writableEnded) continue;
        res.write(chunk);
      }
      if (!res.writableEnded) res.end();
    } finally {
      stopAtDeadline();
    }
  };
}

/** Sends the deadline's QUERY_TIMEOUT the moment the budget stops for it, unless an answer went out first. Returns the unsubscribe. */
function answerAtDeadline(req: Request, res: Response, budget: RequestBudget): () => void {
  const requestId = currentRequest()?.requestId;
  const role = (res.locals.viewer as Viewer | undefined)?.role;
  const onStop = () => {
    if (budget.reason !== 'deadline' || res.headersSent || res.writableEnded || res.destroyed) return;
    const error = budget.error(role);
    const formatted: GraphQLFormattedError = { message: error.message, extensions: { ...error.extensions, ...(requestId ? { requestId } : {}) } };
    const one = { errors: [formatted] };
    const body = Array.isArray(req.body) ? req.body.map(() => one) : one;
    res.status(200).setHeader('content-type', 'application/json; charset=utf-8');
    res.send(JSON.stringify(body));
  };
  if (budget.signal.aborted) {
    onStop();
    return () => {};
  }
  budget.signal.addEventListener('abort', onStop, { once: true });
  return () => budget.signal.removeEventListener('abort', onStop);
}
