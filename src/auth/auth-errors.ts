import { GraphQLError } from 'graphql';

/** A missing or invalid token: HTTP 401. The message says what was wrong, never the token. */
export class AuthenticationError extends Error {}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}
