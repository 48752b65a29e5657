import { GraphQLError } from 'graphql';

/** Bad input, reported before any query runs: names the argument and says what is expected. */
export function badUserInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(`${argumentName}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}
