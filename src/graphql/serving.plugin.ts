import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { deadlineError } from '../clickhouse/request-budget';
import { currentRequest } from '../observability/request-context';
import type { Context } from '../resolvers/context';

/**
 * How a stopped request answers, as a whole and never with partial data:
 *
 * - its deadline passed (src/clickhouse/request-budget.ts): one QUERY_TIMEOUT error, no data,
 *   even for the fields that had answered in time;
 * - the scheduler refused one of its statements (queue full: SERVER_BUSY): 503 with Retry-After
 *   and that error only: the client retries the request, not the fields that happened to be refused.
 */
export function servingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const budget = contextValue?.budget;
          if (budget?.reason === 'deadline') {
            const timeout =
              result.errors?.find((e: GraphQLFormattedError) => e.extensions?.code === 'QUERY_TIMEOUT' && e.extensions?.scope === 'request') ??
              formatted(deadlineError(budget.seconds, contextValue.viewer.role));
            response.body.singleResult = { errors: [timeout] };
            return;
          }
          const busy = result.errors?.find((e: GraphQLFormattedError) => e.extensions?.code === 'SERVER_BUSY' && e.extensions?.retryAfterSeconds !== undefined);
          if (!busy && budget?.reason !== 'busy') return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(busy?.extensions?.retryAfterSeconds ?? 1));
          response.body.singleResult = {
            errors: [busy ?? result.errors?.[0] ?? { message: 'The server is busy: retry later', extensions: { code: 'SERVER_BUSY' } }],
          };
        },
      };
    },
  };
}

function formatted(error: { message: string; extensions: Record<string, unknown> }): GraphQLFormattedError {
  return { message: error.message, extensions: { ...error.extensions, requestId: currentRequest()?.requestId } };
}
