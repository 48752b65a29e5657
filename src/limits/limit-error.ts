import { GraphQLError } from 'graphql';

/** The codes of a request refused by a limit before any ClickHouse query ran. */
export type LimitCode =
  'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_ROOT_FIELDS' | 'TOO_MANY_FIELDS' | 'LIST_TOO_LONG' | 'QUERY_TOO_COMPLEX' | 'TOO_MANY_OPERATIONS';

/** A limit was exceeded: HTTP 400, the limit and the actual value in `extensions`, the message says how to stay under it. */
export function limitError(code: LimitCode, message: string, details: { limit: number; actual: number; [key: string]: unknown }): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details, http: { status: 400 } } });
}
