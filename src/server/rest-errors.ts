import type { NextFunction, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { ParameterNames } from '../rest/parameter-names';

const sameName: ParameterNames = (name) => name;

/**
 * The JSON answer of a REST endpoint for an error of the shared metric layer. The services and
 * `resolveScope` throw GraphQLErrors (BAD_USER_INPUT naming the argument, FORBIDDEN), so REST
 * and GraphQL refuse exactly the same requests: 400 `{ error, parameter }` and 403 `{ error }`.
 * Anything else (a ClickHouse failure, a bug, an error once the body is streaming) goes to the
 * app's internalErrorHandler: logged under the request id, answered 500 without details.
 */
export function sendRestError(res: Response, next: NextFunction, error: unknown, parameterOf: ParameterNames = sameName): void {
  if (!res.headersSent && error instanceof GraphQLError) {
    const code = error.extensions.code;
    if (code === 'BAD_USER_INPUT') {
      const argumentName = String(error.extensions.argumentName ?? '');
      const parameter = parameterOf(argumentName);
      // Services prefix the message with their argument name; say it with the REST name instead.
      const message =
        argumentName !== '' && error.message.startsWith(`${argumentName}: `) ? `${parameter}: ${error.message.slice(argumentName.length + 2)}` : error.message;
      res.status(400).json({ error: message, parameter });
      return;
    }
    if (code === 'FORBIDDEN') {
      res.status(403).json({ error: error.message });
      return;
    }
    if (code === 'QUERY_TIMEOUT' || code === 'QUERY_TOO_LARGE') {
      res.status(code === 'QUERY_TIMEOUT' ? 504 : 422).json({ error: error.message, code });
      return;
    }
    if (code === 'SERVER_BUSY') {
      res
        .status(503)
        .set('Retry-After', String(error.extensions.retryAfterSeconds ?? 1))
        .json({ error: error.message });
      return;
    }
  }
  next(error);
}
