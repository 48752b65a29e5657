import type { ClickHouseType } from './clickhouse-type';

/**
 * Typed ClickHouse literals for the `sql` tag's parameter-free rendering (renderLiterals).
 *
 * Each value is written the way the engine itself rewrites a `{p:Type}` parameter after binding
 * it (visible with `EXPLAIN SYNTAX`): `_CAST(<literal>, 'Type')`, and a plain quoted literal for
 * String. `_CAST` is CAST without the `cast_keep_nullable` setting's influence, so the literal
 * has exactly the parameter's type, also where a bare literal's type would differ (`5` is UInt8,
 * `[]` is Array(Nothing)).
 *
 * The renderer is stricter than parameter binding: a value the type cannot hold is refused here
 * (binding `300` as UInt8 gives 44, a Date past 2149-06-06 saturates), as are NaN and Infinity.
 * Every refusal is a programming error: values reach here already validated.
 *
 * Strings: `\` and `'` are escaped with a backslash (the only two characters that can end a
 * quoted literal), and every control character U+0000-U+001F and U+007F as `\xHH`, so the SQL
 * text holds no raw NUL (native code may read the text as a C string) nor line breaks. All other
 * characters pass through as UTF-8. A lone UTF-16 surrogate (possible in a JSON string, e.g.
 * "\ud800") cannot be encoded in UTF-8: it becomes U+FFFD, which is also what the parameter path
 * and any UTF-8 encoder send, so both renderings agree.
 */
export class LiteralError extends Error {
  constructor(value: unknown, type: ClickHouseType, why: string) {
    super(`Cannot write ${describe(value)} as a ClickHouse ${type} literal: ${why}. The value should have been validated before it reached SQL.`);
    this.name = 'LiteralError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
  const text = typeof value === 'number' ? String(value) : JSON.stringify(value);
  return text === undefined ? typeof value : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const NEEDS_ESCAPE = /[\\'\x00-\x1f\x7f]/g;

function escapeChar(ch: string): string {
  if (ch === '\\') return '\\\\';
  if (ch === "'") return "\\'";
  return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** A quoted ClickHouse String literal holding exactly `value` (lone surrogates as U+FFFD). */
export function quoteString(value: string): string {
  return `'${value.replace(LONE_SURROGATE, '\uFFFD').replace(NEEDS_ESCAPE, escapeChar)}'`;
}

const INTEGER_RANGES = {
  UInt8: [0n, 255n],
  UInt32: [0n, 4294967295n],
  UInt64: [0n, 18446744073709551615n],
  Int64: [-9223372036854775808n, 9223372036854775807n],
} as const;

const DECIMAL_INTEGER = /^-?(0|[1-9][0-9]*)$/;

function integerText(value: unknown, type: keyof typeof INTEGER_RANGES): string {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new LiteralError(value, type, 'not a safe integer (pass a bigint or a decimal string beyond 2^53)');
    n = BigInt(value);
  } else if (typeof value === 'string' && DECIMAL_INTEGER.test(value)) n = BigInt(value);
  else throw new LiteralError(value, type, 'expected an integer (number, bigint or decimal string)');
  const [min, max] = INTEGER_RANGES[type];
  if (n < min || n > max) throw new LiteralError(value, type, `out of range ${min}..${max}`);
  return n.toString();
}

function floatText(value: unknown): string {
  if (typeof value !== 'number') throw new LiteralError(value, 'Float64', 'expected a number');
  if (!Number.isFinite(value)) throw new LiteralError(value, 'Float64', 'NaN and Infinity are refused (no metric compares with them)');
  // String(-0) is "0"; "-0." keeps the sign. String() is the shortest text that reads back as
  // the same double, which ClickHouse's float parser reads exactly (the property test checks).
  return Object.is(value, -0) ? '-0.' : String(value);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD hh:mm:ss' (+ '.sss') of a Date in UTC. */
function utcText(d: Date, millis: boolean): string {
  const text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return millis ? `${text}.${pad(d.getUTCMilliseconds(), 3)}` : text;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?$/;

/** A Date from 'YYYY-MM-DD[ hh:mm:ss[.sss]]' in UTC, refusing text that is not a real calendar instant (2026-02-30). */
function parseUtc(text: string, type: ClickHouseType, withTime: boolean): Date {
  const m = (withTime ? DATETIME_TEXT : DATE_TEXT).exec(text);
  if (!m) throw new LiteralError(text, type, withTime ? "expected 'YYYY-MM-DD hh:mm:ss[.sss]' or a Date" : "expected 'YYYY-MM-DD' or a Date at UTC midnight");
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  date.setUTCFullYear(Number(y)); // Date.UTC maps years 0-99 to 1900-1999
  if (utcText(date, true) !== `${y}-${mo}-${d} ${pad(Number(h))}:${pad(Number(mi))}:${pad(Number(s))}.${pad(ms, 3)}`) {
    throw new LiteralError(text, type, 'not a calendar date and time');
  }
  return date;
}

function toInstant(value: unknown, type: ClickHouseType, withTime: boolean): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new LiteralError(value, type, 'an invalid Date');
    return value;
  }
  if (typeof value === 'string') return parseUtc(value, type, withTime);
  throw new LiteralError(value, type, 'expected a Date or its UTC text');
}

// The ranges ClickHouse documents for each type: outside them a cast saturates or wraps.
const DATE_MAX = Date.UTC(2149, 5, 6);
const DATETIME_MAX = Date.UTC(2106, 1, 7, 6, 28, 15);
const DATETIME64_MIN = Date.UTC(1900, 0, 1);
const DATETIME64_MAX = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

function dateText(value: unknown): string {
  const d = toInstant(value, 'Date', false);
  if (d.getTime() % 86_400_000 !== 0) throw new LiteralError(value, 'Date', 'not at UTC midnight');
  if (d.getTime() < 0 || d.getTime() > DATE_MAX) throw new LiteralError(value, 'Date', 'outside 1970-01-01..2149-06-06');
  return utcText(d, false).slice(0, 10);
}

function dateTimeText(value: unknown): string {
  const type = "DateTime('UTC')";
  const d = toInstant(value, type, true);
  if (d.getUTCMilliseconds() !== 0) throw new LiteralError(value, type, 'DateTime holds whole seconds (use DateTime64(3) for milliseconds)');
  if (d.getTime() < 0 || d.getTime() > DATETIME_MAX) throw new LiteralError(value, type, 'outside 1970-01-01 00:00:00..2106-02-07 06:28:15');
  return utcText(d, false);
}

function dateTime64Text(value: unknown): string {
  const type = "DateTime64(3, 'UTC')";
  const d = toInstant(value, type, true);
  if (d.getTime() < DATETIME64_MIN || d.getTime() > DATETIME64_MAX) throw new LiteralError(value, type, 'outside 1900-01-01..2299-12-31 23:59:59.999');
  return utcText(d, true);
}

const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function uuidText(value: unknown, type: ClickHouseType): string {
  if (typeof value !== 'string' || !UUID_TEXT.test(value)) throw new LiteralError(value, type, 'expected a UUID (8-4-4-4-12 hex digits)');
  return `'${value.toLowerCase()}'`;
}

function stringArray(value: unknown, type: ClickHouseType, element: (v: unknown) => string): string {
  if (!Array.isArray(value)) throw new LiteralError(value, type, 'expected an array');
  return `[${value.map(element).join(', ')}]`;
}

function stringText(value: unknown, type: ClickHouseType): string {
  if (typeof value !== 'string') throw new LiteralError(value, type, 'expected a string');
  return quoteString(value);
}

const cast = (text: string, type: ClickHouseType) => `_CAST(${text}, ${quoteString(type)})`;

/** `value` as a ClickHouse literal of exactly `type`. */
export function literal(value: unknown, type: ClickHouseType): string {
  switch (type) {
    case 'String':
      return stringText(value, type);
    case 'UInt8':
    case 'UInt32':
    case 'UInt64':
    case 'Int64':
      return cast(integerText(value, type), type);
    case 'Float64':
      return cast(floatText(value), type);
    case 'Bool':
      if (typeof value !== 'boolean') throw new LiteralError(value, type, 'expected a boolean');
      return cast(value ? 'true' : 'false', type);
    case 'Date':
      return cast(quoteString(dateText(value)), type);
    case "DateTime('UTC')":
      return cast(quoteString(dateTimeText(value)), type);
    case "DateTime64(3, 'UTC')":
      return cast(quoteString(dateTime64Text(value)), type);
    case 'UUID':
      return cast(uuidText(value, type), type);
    case 'Array(String)':
      return cast(
        stringArray(value, type, (v) => stringText(v, type)),
        type,
      );
    case 'Array(UUID)':
      return cast(
        stringArray(value, type, (v) => uuidText(v, type)),
        type,
      );
    default: {
      const never: never = type;
      throw new Error(`No literal rendering for ClickHouse type ${String(never)}`);
    }
  }
}
