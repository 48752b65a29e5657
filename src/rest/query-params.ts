import { GraphQLDate, GraphQLTimeZone } from 'graphql-scalars';
import { badUserInput } from '../domain/errors';

const MAX_VALUE_LENGTH = 1024;

/**
 * The query string of a REST endpoint, read with the same rules as GraphQL arguments: a
 * parameter the endpoint does not know is an error (a typo such as `form=` would otherwise
 * silently fall back to a default), a single-valued parameter may be given once, and every
 * failure is a BAD_USER_INPUT naming the parameter, raised before any query runs.
 * Express 5's default ("simple") parser gives a string, or an array for a repeated name.
 */
export class QueryParams {
  constructor(
    private readonly query: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    for (const name of Object.keys(query)) {
      if (!allowed.includes(name)) {
        throw badUserInput(name, `is not a parameter of this endpoint; it takes ${allowed.join(', ')}`);
      }
    }
  }

  /** A parameter given at most once; null when absent. An empty value is an error (leave the parameter out instead). */
  string(name: string): string | null {
    const raw = this.query[name];
    if (raw === undefined) return null;
    if (typeof raw !== 'string') throw badUserInput(name, 'is given more than once; give it once');
    return checkValue(name, raw);
  }

  required(name: string): string {
    const value = this.string(name);
    if (value === null) throw badUserInput(name, 'is required');
    return value;
  }

  /** A repeatable parameter (`step=a&step=b`), in the order given; null when absent. Errors name the value as `step[i]`, from 0. */
  list(name: string): string[] | null {
    const raw = this.query[name];
    if (raw === undefined) return null;
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? raw : null;
    if (values === null) throw badUserInput(name, 'must be plain text values');
    return values.map((v, i) => checkValue(`${name}[${i}]`, v));
  }

  /** A calendar day YYYY-MM-DD, parsed by the same scalar as GraphQL's Date (a Date at UTC midnight). */
  date(name: string): Date {
    const text = this.required(name);
    try {
      return GraphQLDate.parseValue(text) as Date;
    } catch {
      throw badUserInput(name, `must be a calendar day YYYY-MM-DD, got ${JSON.stringify(text.slice(0, 40))}`);
    }
  }

  /** An IANA timezone (same scalar as GraphQL's TimeZone); `fallback` when absent. */
  timezone<F extends string | null>(name: string, fallback: F): string | F {
    const text = this.string(name);
    if (text === null) return fallback;
    try {
      return GraphQLTimeZone.parseValue(text) as string;
    } catch {
      throw badUserInput(name, `unknown timezone ${JSON.stringify(text.slice(0, 80))}: use an IANA name such as UTC or Europe/Berlin`);
    }
  }

  /** A whole number; `fallback` when absent. Ranges are checked by the services, as for GraphQL. */
  int(name: string, fallback: number): number {
    const text = this.string(name);
    if (text === null) return fallback;
    if (!/^-?\d{1,15}$/.test(text)) throw badUserInput(name, `must be a whole number, got ${JSON.stringify(text.slice(0, 40))}`);
    return Number(text);
  }

  /**
   * One value of a GraphQL enum. Accepted as written in the schema (`STRICT_ORDER`) or in lower
   * or kebab case (`strict-order`), which reads better in a URL.
   */
  enumValue<T extends string>(name: string, values: readonly T[], fallback: T): T;
  enumValue<T extends string>(name: string, values: readonly T[], fallback: null): T | null;
  enumValue<T extends string>(name: string, values: readonly T[], fallback: T | null): T | null {
    const text = this.string(name);
    if (text === null) return fallback;
    const normalised = text.toUpperCase().replace(/-/g, '_');
    const value = values.find((v) => v === normalised);
    if (value === undefined) throw badUserInput(name, `must be one of ${values.join(', ')}, got ${JSON.stringify(text.slice(0, 40))}`);
    return value;
  }
}

function checkValue(name: string, value: string): string {
  if (value === '') throw badUserInput(name, 'is empty; leave the parameter out for its default');
  if (value.length > MAX_VALUE_LENGTH) throw badUserInput(name, `is ${value.length} characters long; at most ${MAX_VALUE_LENGTH}`);
  return value;
}
