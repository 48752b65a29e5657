import { unwrapResolverError } from '@apollo/server/errors';
import type { ErrorRequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { errorFields, errorMessage, type Logger } from '../observability/logger';
import { currentRequest } from '../observability/request-context';

/**
 * Error codes whose messages are written for API users (they name an argument, a limit, a
 * role) and reach the client as they are. Everything else is masked. Add a code here only
 * when every message thrown with it is safe to show to a partner.
 */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  // Apollo and graphql-js: the request itself is wrong.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // Ours: access control, limits, availability.
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TIMEOUT',
  'QUERY_TOO_COMPLEX',
  'QUERY_TOO_LARGE',
  'IDEMPOTENCY_KEY_REUSED',
  'RESULT_TOO_LARGE',
  'TOO_MANY_OPERATIONS',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_ROOT_FIELDS',
  'TOO_MANY_FIELDS',
  'LIST_TOO_LONG',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'SERVER_BUSY',
  // Nobody reads it (the client is gone); public so it is not logged as an internal error.
  'CLIENT_CLOSED_REQUEST',
]);

export const MASKED_MESSAGE = 'Internal server error: quote the request id to an operator';

/**
 * Apollo's formatError: every error carries `extensions.requestId` (the X-Request-Id of the
 * response). Errors with a public code keep their message; any other error (a ClickHouse
 * failure, a bug) becomes a generic INTERNAL_SERVER_ERROR, and its detail (message, stack, the
 * ClickHouse code and text) goes to the log under the same request id. Masked in every
 * environment, so development and tests run the production path; developers read the detail in
 * the log.
 */
export function graphQLErrorFormatter(logger: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const requestId = currentRequest()?.requestId;
    const code = formatted.extensions?.code;
    // No pattern check on public messages: they may quote the client's own input back (a
    // BAD_USER_INPUT for `"x' OR 1=1 --"`), which is not a leak. Code that maps a ClickHouse error
    // to a public code (src/clickhouse/errors.ts) writes its own message and never passes its text on.
    if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
      // No stack traces, whatever includeStacktraceInErrorResponses says.
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, requestId } };
    }
    const original = unwrapResolverError(error);
    const path = formatted.path?.join('.');
    logger.error(
      { requestId, graphqlPath: path, code: typeof code === 'string' ? code : undefined, ...errorFields(original) },
      `GraphQL error masked${path ? ` at ${path}` : ''}: ${errorMessage(original)}`,
    );
    return {
      message: MASKED_MESSAGE,
      // Locations and path point into the client's own document: safe, and they say which field failed.
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    };
  };
}

/**
 * The last Express error handler (routes outside GraphQL): 500 `{ error, requestId }`, the
 * detail in the log. Errors with a 4xx status (body-parser's) are answered by the handlers
 * mounted before this one.
 */
export function internalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    const requestId = currentRequest()?.requestId ?? res.get('X-Request-Id');
    const path = `${req.baseUrl}${req.path}`;
    logger.error({ requestId, method: req.method, path, ...errorFields(error) }, `unhandled error in ${req.method} ${path}: ${errorMessage(error)}`);
    if (res.headersSent) {
      // The body was already streaming: Express's default handler cuts the connection.
      next(error);
      return;
    }
    res.status(500).json({ error: 'internal error', requestId });
  };
}
