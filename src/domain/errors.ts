import { GraphQLError } from 'graphql';

/** Bad input, reported before any query runs: names the argument and says what is expected. */
export function badUserInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(`${argumentName}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

/** The viewer may not read or do this (another company's data, a role without the right): HTTP 403. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}
