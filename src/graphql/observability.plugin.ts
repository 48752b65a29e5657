import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../resolvers/context';
import { currentRequest } from '../observability/request-context';
import { ANONYMOUS_OPERATION, INVALID_OPERATION, type Metrics } from '../observability/metrics';

/**
 * Times every GraphQL operation (each one of a batch on its own) and counts it by operation
 * name and outcome; hands the name to the request log through the request state.
 *
 * The outcome is read from the response as sent, after error masking: `ok`, or the code of the
 * first error (a public code, or INTERNAL_SERVER_ERROR), so it has a closed set of values.
 * The name is the one of the operation that ran: a document that did not parse or validate
 * has none that can be trusted, and counts as `(invalid)` (the log keeps what the client sent).
 */
export function observabilityPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, request, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const code = errors?.[0]?.extensions?.code;
          const outcome = errors === undefined || errors.length === 0 ? 'ok' : typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          const name = operation ? (operation.name?.value ?? ANONYMOUS_OPERATION) : INVALID_OPERATION;
          metrics.graphqlOperation(name, outcome, performance.now() - started);
          const state = currentRequest();
          if (state) (state.operations ??= []).push(operation ? name : (request.operationName?.slice(0, 100) ?? INVALID_OPERATION));
        },
      };
    },
  };
}
