/**
 * The value parsers of the event envelope: one envelope string field, the timestamp and the
 * amount. Each turns a received JSON value into its stored form or into a message that says what
 * was wrong and what is expected. Pure.
 */
import { EVENT_LIMITS, COUNTRY_RE, CURRENCY_RE, ID_RE, PLATFORMS, SOURCE_RE } from '../domain/event-rules';
import { ID_FIELDS, type STRING_FIELDS } from '../domain/event';
import { describeValue, formatDuration } from './ingest-errors';

export type StringField = (typeof STRING_FIELDS)[number];

const ID_FIELD_SET: ReadonlySet<string> = new Set(ID_FIELDS);
const URL_FIELDS: ReadonlySet<string> = new Set(['page', 'referrer']);
const PLATFORM_NAMES: readonly string[] = PLATFORMS;

const AMOUNT_RE = /^(\d+)(?:\.(\d+))?$/;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;
const TIMESTAMP_NO_ZONE_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i;
const TIMESTAMP_EXAMPLE = '"2026-03-01T12:00:00Z" or "2026-03-01T14:00:00.000+02:00"';

/**
 * True when the string holds a lone surrogate (a pair is fine): String.prototype.isWellFormed
 * (Node 20), a native scan, cheaper on every string of every event than the /\p{Surrogate}/u
 * regular expression it replaced.
 */
export function hasLoneSurrogate(value: string): boolean {
  return !(value as string & { isWellFormed(): boolean }).isWellFormed();
}
export const LONE_SURROGATE_HINT =
  'contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape), which is not valid Unicode and cannot be stored; send well-formed UTF-8 text';

export function isIdField(field: string): boolean {
  return ID_FIELD_SET.has(field);
}

export function checkString(field: StringField, key: string, value: unknown): string | { error: string } {
  if (typeof value !== 'string') return { error: `${key} must be a string, got ${describeValue(value)}` };
  if (value === '') return '';
  const max = isIdField(field) ? EVENT_LIMITS.maxIdLength : URL_FIELDS.has(field) ? EVENT_LIMITS.maxUrlLength : EVENT_LIMITS.maxStringLength;
  if (value.length > max) return { error: `${key} must be at most ${max} characters, got ${value.length}` };
  if (value.includes('\u0000')) return { error: `${key} must not contain NUL (\\u0000) characters` };
  if (hasLoneSurrogate(value)) return { error: `${key} ${LONE_SURROGATE_HINT}` };
  if (isIdField(field)) {
    if (!ID_RE.test(value)) {
      return {
        error: `${key} must be an id of letters, digits and _ . : - (a UUID, a CUID or a slug such as "course-007"), ` + `got ${describeValue(value)}`,
      };
    }
    return value;
  }
  switch (field) {
    case 'platform': {
      const lower = value.toLowerCase();
      if (!PLATFORM_NAMES.includes(lower)) return { error: `${key} must be one of ${PLATFORM_NAMES.join(', ')}, got ${describeValue(value)}` };
      return lower;
    }
    case 'country':
      if (!COUNTRY_RE.test(value)) {
        return { error: `${key} must be an ISO-3166 alpha-2 country code of two letters such as "DE", got ${describeValue(value)}` };
      }
      return value.toUpperCase();
    case 'currency':
      if (!CURRENCY_RE.test(value)) {
        return { error: `${key} must be an ISO-4217 currency code of three letters such as "EUR", got ${describeValue(value)}` };
      }
      return value.toUpperCase();
    case 'source':
      if (!SOURCE_RE.test(value)) {
        return {
          error: `${key} must be lowercase letters, digits and hyphens starting with a letter, such as "learner-progress", got ${describeValue(value)}`,
        };
      }
      return value;
    default:
      return value;
  }
}

/** Returns epoch ms, or an error message. */
export function parseTimestamp(value: unknown, now: number, maxFutureMs: number): { ms: number } | string {
  if (typeof value !== 'string') {
    return `timestamp must be an ISO-8601 string such as ${TIMESTAMP_EXAMPLE}, got ${describeValue(value)}${
      typeof value === 'number' ? ' (epoch numbers are not accepted)' : ''
    }`;
  }
  const m = TIMESTAMP_RE.exec(value);
  if (m === null) {
    if (TIMESTAMP_NO_ZONE_RE.test(value)) {
      return `timestamp ${describeValue(value)} has no timezone designator: append "Z" for UTC or an offset such as "+02:00"`;
    }
    return `timestamp must be an ISO-8601 date-time with a timezone designator (Z or ±hh:mm), such as ${TIMESTAMP_EXAMPLE}, got ${describeValue(value)}`;
  }
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const zone = m[8].toUpperCase();
  const offsetHours = zone === 'Z' ? 0 : Number(zone.slice(1, 3));
  const offsetMinutes = zone === 'Z' ? 0 : Number(zone.slice(4, 6));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    const what =
      month < 1 || month > 12
        ? `month ${m[2]} does not exist`
        : day < 1 || day > daysInMonth
          ? `${m[1]}-${m[2]} has ${daysInMonth} days`
          : offsetHours > 23 || offsetMinutes > 59
            ? `the offset ${zone} is out of range`
            : 'hours must be 00-23, minutes and seconds 00-59';
    return `timestamp ${describeValue(value)} is not a real date-time (${what}); expected a valid ISO-8601 date-time such as ${TIMESTAMP_EXAMPLE}`;
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  if (ms < EVENT_LIMITS.minTimestampMs) {
    return `timestamp ${describeValue(value)} is before 2000-01-01T00:00:00Z; expected an event time on or after 2000-01-01`;
  }
  if (ms - now > maxFutureMs) {
    return (
      `timestamp ${describeValue(value)} is ${formatDuration(ms - now)} in the future; at most ${formatDuration(maxFutureMs)} ` +
      `ahead of the server time (${new Date(now).toISOString()}) is accepted`
    );
  }
  return { ms };
}

const AMOUNT_EXPECTED = `must be a non-negative decimal below 1e14 with at most ${EVENT_LIMITS.maxAmountDecimals} decimals, as a number or a string such as "49.90"`;

export function normaliseAmount(value: unknown): { ok: true; value: string } | { ok: false; error: string } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, error: `${AMOUNT_EXPECTED}, got ${describeValue(value)}` };
    if (value < 0) return { ok: false, error: `${AMOUNT_EXPECTED}, got the negative ${describeValue(value)}` };
    // String(n) is the shortest exact round-trip form; below 1e21 it only uses exponent notation
    // for tiny numbers (< 1e-6), which have more than 4 decimals anyway.
    text = String(value);
    if (text.includes('e')) return { ok: false, error: `${AMOUNT_EXPECTED}, got ${text} (more than ${EVENT_LIMITS.maxAmountDecimals} decimals)` };
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return { ok: false, error: `${AMOUNT_EXPECTED}, got ${describeValue(value)}` };
  }
  const m = AMOUNT_RE.exec(text);
  if (m === null) {
    const negative = /^-\d+(\.\d+)?$/.test(text);
    return { ok: false, error: `${AMOUNT_EXPECTED}, got ${negative ? 'the negative ' : ''}${describeValue(value)}` };
  }
  const integer = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (integer.length > EVENT_LIMITS.maxAmountIntegerDigits) {
    return { ok: false, error: `${AMOUNT_EXPECTED}, got ${describeValue(value)} (too large)` };
  }
  if (fraction.length > EVENT_LIMITS.maxAmountDecimals) {
    return {
      ok: false,
      error: `${AMOUNT_EXPECTED}, got ${describeValue(value)} (${fraction.length} decimals; send the exact amount as a string to avoid float rounding)`,
    };
  }
  return { ok: true, value: fraction === '' ? integer : `${integer}.${fraction}` };
}
