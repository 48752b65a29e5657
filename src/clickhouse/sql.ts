/**
 * The one way SQL is written in this project (after GraphQL Hive's providers/sql.ts).
 *
 * A fragment renders in one of two ways, with the same meaning:
 *
 * - `render()`: every interpolated value becomes a ClickHouse server-side parameter `{pN:Type}`
 *   sent as `query_params`, so no value is part of the SQL text. For a ClickHouse server.
 * - `renderLiterals()`: every value becomes a typed, escaped literal (src/clickhouse/literals.ts),
 *   so the SQL text needs no parameters. For the embedded engine: chdb serializes every
 *   parameterized call process-wide (its parameter state is not per connection), so queries can
 *   only run in parallel there without parameters.
 *
 * Identifiers (database and table names) go through `identifier()`, which only accepts plain
 * names. Parameter names are numbered in order of appearance, so the same query always renders
 * the same text: unit tests snapshot both renderings.
 */
import type { ClickHouseType } from './clickhouse-type';
import { literal } from './literals';

export type { ClickHouseType } from './clickhouse-type';

class Param {
  constructor(
    readonly value: unknown,
    readonly type: ClickHouseType,
  ) {}
}

class Identifier {
  constructor(readonly name: string) {}
}

class Raw {
  constructor(readonly text: string) {}
}

type Part = SqlFragment | Param | Identifier | Raw | string | number | boolean | Date | string[] | null;

export class SqlFragment {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly Part[],
  ) {}
}

export interface RenderedQuery {
  query: string;
  params: Record<string, unknown>;
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export function sql(strings: TemplateStringsArray, ...values: Part[]): SqlFragment {
  return new SqlFragment(strings, values);
}

/** A value bound with an explicit ClickHouse type (for types that cannot be inferred). */
export function param(value: unknown, type: ClickHouseType): Param {
  return new Param(value, type);
}

/** A database or table name, or `db.table`. Only plain names pass; anything else is a programming error. */
export function identifier(name: string): Identifier {
  if (!PLAIN_NAME.test(name)) throw new Error(`Refusing SQL identifier "${name}": only [A-Za-z0-9_] names are allowed`);
  return new Identifier(name);
}

/**
 * A keyword or expression taken from a closed set in code (e.g. an aggregate chosen by an enum).
 * Never pass user input here: the type only accepts string literals the compiler can see.
 */
export function keyword<T extends string>(text: string extends T ? never : T): Raw {
  return new Raw(text);
}

/**
 * SQL text that comes from a file in this repository (the migrations), sent as written.
 * Never call it with anything built from input.
 */
export function trustedSql(text: string): SqlFragment {
  return new SqlFragment([text], []);
}

/** Joins fragments with a separator, e.g. conditions with AND. */
export function join(fragments: SqlFragment[], separator: string): SqlFragment {
  if (fragments.length === 0) return sql``;
  const strings = ['', ...fragments.slice(1).map(() => separator), ''];
  return new SqlFragment(strings, fragments);
}

function inferType(value: unknown): ClickHouseType {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Bool';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return 'Int64';
    return 'Float64';
  }
  if (value instanceof Date) return "DateTime64(3, 'UTC')";
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'Array(String)';
  throw new Error(`Cannot infer a ClickHouse type for ${JSON.stringify(value)}; use param(value, type)`);
}

function encodeValue(value: unknown, type: ClickHouseType): unknown {
  // ClickHouse parses DateTime64 parameters from 'YYYY-MM-DD hh:mm:ss.sss'; an ISO string with
  // 'T' and 'Z' is rejected by the parameter parser, and so are the milliseconds for a DateTime
  // and the time for a Date ("isn't parsed completely").
  if (value instanceof Date) {
    const text = value.toISOString().replace('T', ' ').replace('Z', '');
    if (type === 'Date') return text.slice(0, 10);
    if (type === "DateTime('UTC')") return text.slice(0, 19);
    return text;
  }
  return value;
}

/** How a fragment's values reach ClickHouse: server-side parameters or inline typed literals. */
export type SqlRendering = 'params' | 'literals';

export function render(fragment: SqlFragment): RenderedQuery {
  const params: Record<string, unknown> = {};
  let counter = 0;
  const walk = (f: SqlFragment): string => {
    let out = f.strings[0];
    f.values.forEach((value, i) => {
      if (value instanceof SqlFragment) out += walk(value);
      else if (value instanceof Identifier) out += value.name;
      else if (value instanceof Raw) out += value.text;
      else {
        const p = value instanceof Param ? value : new Param(value, inferType(value));
        counter += 1;
        const name = `p${counter}`;
        params[name] = encodeValue(p.value, p.type);
        out += `{${name}:${p.type}}`;
      }
      out += f.strings[i + 1];
    });
    return out;
  };
  return { query: walk(fragment), params };
}

/**
 * The fragment as parameter-free SQL: each value written as the typed literal the engine itself
 * substitutes for `{pN:Type}` (`_CAST(<literal>, 'Type')`, a plain quoted literal for String).
 * Throws on a value the type cannot hold (out of range, NaN, a malformed UUID or date) instead
 * of letting the cast wrap it.
 */
export function renderLiterals(fragment: SqlFragment): string {
  const walk = (f: SqlFragment): string => {
    let out = f.strings[0];
    f.values.forEach((value, i) => {
      if (value instanceof SqlFragment) out += walk(value);
      else if (value instanceof Identifier) out += value.name;
      else if (value instanceof Raw) out += value.text;
      else {
        const p = value instanceof Param ? value : new Param(value, inferType(value));
        out += literal(p.value, p.type);
      }
      out += f.strings[i + 1];
    });
    return out;
  };
  return walk(fragment);
}

/** Every identifier (table name) a fragment names, nested fragments included: what a statement reads, for the scheduler's lanes. */
export function identifiersOf(fragment: SqlFragment): string[] {
  const names: string[] = [];
  const walk = (f: SqlFragment) => {
    for (const value of f.values) {
      if (value instanceof SqlFragment) walk(value);
      else if (value instanceof Identifier) names.push(value.name);
    }
  };
  walk(fragment);
  return names;
}
