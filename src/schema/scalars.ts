import { GraphQLError, GraphQLScalarType, print, type ValueNode } from 'graphql';
import { GraphQLDate as BaseDate, GraphQLTimeZone as BaseTimeZone } from 'graphql-scalars';

/**
 * The input scalars of the schema: graphql-scalars' Date and TimeZone, with errors that say
 * the expected format and what was received (theirs said `Date cannot represent an invalid
 * date-string 2026/11/01`). graphql-js puts the variable and its path in front of a variable's
 * error; for a value written in the document, src/graphql/scalar-errors.plugin.ts adds the
 * argument's name. Names, descriptions and output behaviour are graphql-scalars' own.
 */

/** A literal or variable value a scalar refused: the plugin names its argument. */
export class ScalarInputError extends GraphQLError {}

/** A literal other than a string, shown as written in the document (`20260308`, `[1]`). */
class Printed {
  constructor(readonly text: string) {}
}

function describe(value: unknown): string {
  if (value instanceof Printed) return value.text.length > 60 ? `${value.text.slice(0, 60)}…` : value.text;
  const text = typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : String(value);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? text : `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

function literalValue(ast: ValueNode): unknown {
  return ast.kind === 'StringValue' ? ast.value : new Printed(print(ast));
}

function wrap(base: GraphQLScalarType, expected: (received: unknown) => string): GraphQLScalarType {
  const config = base.toConfig();
  return new GraphQLScalarType({
    ...config,
    parseValue(value) {
      try {
        return config.parseValue!(value);
      } catch {
        throw new ScalarInputError(expected(value));
      }
    },
    parseLiteral(ast, variables) {
      try {
        return config.parseLiteral!(ast, variables);
      } catch {
        throw new ScalarInputError(expected(literalValue(ast)), { nodes: ast });
      }
    },
  });
}

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export const GraphQLDate = wrap(BaseDate, (received) =>
  typeof received === 'string' && DAY_SHAPE.test(received)
    ? `Date must be a calendar day written YYYY-MM-DD, such as "2026-11-01"; got ${describe(received)}, which is not a day of the calendar`
    : `Date must be a calendar day written YYYY-MM-DD, such as "2026-11-01"; got ${describe(received)}`,
);

export const GraphQLTimeZone = wrap(
  BaseTimeZone,
  (received) => `TimeZone must be an IANA time zone name such as "UTC" or "Europe/Berlin"; got ${describe(received)}`,
);
