/**
 * Validation of one ingested event (design.md, "Event model"): turns one parsed JSON value into a
 * normalised `LearningEvent` or into the complete list of what is wrong with it. Pure: no I/O,
 * the clock comes in as `options.now`; the only side effect is `randomUUID()` for a missing id.
 *
 * Decisions (documented here and in the ingest docs):
 * - Field names are the snake_case envelope names; camelCase aliases (`userId`, `eventId`,
 *   `durationSeconds`, `utmSource`, ...) are accepted too. Both forms with different values is an
 *   error; `null` (or undefined) counts as absent everywhere (so `{user_id: null, userId: "u1"}` is fine).
 * - Unknown top-level fields are rejected (typos are caught), with a "did you mean" hint and a
 *   pointer to `properties` for custom data.
 * - An empty string is the stored "absent" value of string fields, so `""` is accepted and counts
 *   as missing for per-type required fields (the same holds for `amount: ""`).
 * - `amount` (number or decimal string) is stored as its minimal exact decimal string: leading
 *   zeros and trailing fractional zeros removed ("049.90" -> "49.9", 100 -> "100"). Numbers are
 *   converted with `String(n)` (shortest round-trip form, never exponent notation in the accepted
 *   range), so a float such as 0.1 + 0.2 is rejected (too many decimals) instead of being rounded.
 * - `properties` keys: 1-128 characters matching `^[A-Za-z_][A-Za-z0-9_-]*$`. Dots are NOT allowed:
 *   ClickHouse's JSON type reads `"a.b"` as the path a -> b, which changes the key's shape on read
 *   and makes `{"a.b": 1, "a": {"b": 2}}` a duplicate path that fails the whole insert.
 *   `properties` itself is nesting level 1; at most 8 levels of objects/arrays, 256 keys in total,
 *   64 KiB as serialized JSON (UTF-8).
 * - `event_id` may be any UUID version but not the nil or max UUID: as the idempotency key, a
 *   constant id would make every such event a duplicate of the first one.
 * - Timestamps: fractional seconds beyond milliseconds are truncated (DateTime64(3)).
 * - Strings (envelope fields and `properties` values) must be well-formed Unicode: a lone UTF-16
 *   surrogate escape such as "\ud800" parses in JSON but ClickHouse refuses the whole insert, so
 *   one such line would fail every valid event of its request with a 503 the client retries forever.
 * - Numbers in `properties` must lie strictly between -2^63 and 2^64: ClickHouse's JSON type reads an integer
 *   literal (JSON.stringify writes doubles below 1e21 without exponent) as Int64/UInt64 and refuses
 *   the insert beyond that, the same failure as above. Every double that large is a whole number
 *   whose exact value JavaScript has already lost, so a string is the way to send it.
 */
import { randomUUID } from 'node:crypto';
import {
  EVENT_CATALOGUE,
  ID_FIELDS,
  STRING_FIELDS,
  emptyEvent,
  type EventField,
  type LearningEvent,
} from '../events/event';
import { describeValue, formatBytes, formatDuration, type FieldError } from './ingest-errors';

export interface ValidateEventOptions {
  /** The receive time: default timestamp and the reference for the future limit. */
  now: Date;
  /** Reject types that are not in EVENT_CATALOGUE. */
  strict: boolean;
  /** How far in the future a timestamp may be, ms; default 24h. */
  maxFutureMs?: number;
}

export type ValidateEventResult =
  | { ok: true; event: LearningEvent; assignedId: boolean }
  | { ok: false; errors: FieldError[] };

export const EVENT_LIMITS = {
  maxFutureMs: 24 * 3_600_000,
  minTimestampMs: Date.UTC(2000, 0, 1),
  maxTypeLength: 100,
  maxStringLength: 2048,
  maxUrlLength: 8192,
  maxIdLength: 128,
  maxDurationSeconds: 604_800,
  /** Integer digits of amount: amount < 1e14 (Decimal(18, 4)). */
  maxAmountIntegerDigits: 14,
  maxAmountDecimals: 4,
  maxPropertiesDepth: 8,
  maxPropertiesKeys: 256,
  maxPropertiesBytes: 64 * 1024,
  maxPropertyKeyLength: 128,
  /** Property errors reported per event before the rest are summarised. */
  maxPropertyErrors: 10,
} as const;

type StringField = (typeof STRING_FIELDS)[number];

const ALL_FIELDS = Object.keys(emptyEvent('', '', '')) as EventField[];
const FIELD_SET: ReadonlySet<string> = new Set(ALL_FIELDS);
const ALIAS_TO_FIELD: ReadonlyMap<string, EventField> = new Map(
  ALL_FIELDS.filter((f) => f.includes('_')).map((f) => [f.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), f]),
);

const ID_FIELD_SET: ReadonlySet<string> = new Set(ID_FIELDS);
const URL_FIELDS: ReadonlySet<string> = new Set(['page', 'referrer']);
const PLATFORMS = ['web', 'ios', 'android'];

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPE_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const ID_RE = /^[A-Za-z0-9_.:\-]+$/;
const SOURCE_RE = /^[a-z][a-z0-9-]*$/;
const COUNTRY_RE = /^[A-Za-z]{2}$/;
const CURRENCY_RE = /^[A-Za-z]{3}$/;
const AMOUNT_RE = /^(\d+)(?:\.(\d+))?$/;
const PROPERTY_KEY_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;
const TIMESTAMP_NO_ZONE_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i;

/** With the u flag a surrogate pair is one code point, so this only matches a lone surrogate. */
const LONE_SURROGATE_RE = /\p{Surrogate}/u;
/**
 * Exclusive bounds for numbers in properties. Both are exclusive because of how the doubles
 * print: 2^64 - 1 is not a double, and -2^63 prints as -9223372036854776000, below Int64's minimum.
 */
const PROPERTY_NUMBER_MIN = -(2 ** 63);
const PROPERTY_NUMBER_MAX = 2 ** 64;
const LONE_SURROGATE_HINT =
  'contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape), which is not valid Unicode and cannot be stored; send well-formed UTF-8 text';

const TIMESTAMP_EXAMPLE = '"2026-03-01T12:00:00Z" or "2026-03-01T14:00:00.000+02:00"';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Validates and normalises one event; collects every error instead of stopping at the first. */
export function validateEvent(input: unknown, options: ValidateEventOptions): ValidateEventResult {
  if (!isPlainObject(input)) {
    return {
      ok: false,
      errors: [{ field: '', message: `an event must be a JSON object such as {"type": "lesson.completed", ...}, got ${describeValue(input)}` }],
    };
  }

  const errors: FieldError[] = [];
  const bad = new Set<string>();
  const fail = (field: string, message: string): void => {
    errors.push({ field, message });
    bad.add(field);
  };

  // 1. Map keys (snake_case or camelCase alias) to envelope fields; null counts as absent.
  const given = new Map<EventField, { key: string; value: unknown }>();
  for (const key of Object.keys(input)) {
    const value = input[key];
    const field = FIELD_SET.has(key) ? (key as EventField) : ALIAS_TO_FIELD.get(key);
    if (field === undefined) {
      errors.push({ field: key, message: unknownFieldMessage(key) });
      continue;
    }
    const prior = given.get(field);
    if (prior === undefined || prior.value == null) {
      given.set(field, { key, value });
    } else if (value != null && value !== prior.value) {
      fail(
        field,
        `"${prior.key}" and "${key}" name the same field and were given different values ` +
          `(${describeValue(prior.value)} and ${describeValue(value)}); send only one of them`,
      );
    }
  }
  const get = (field: EventField): { key: string; value: unknown } | undefined => {
    const entry = given.get(field);
    return entry === undefined || entry.value == null ? undefined : entry;
  };

  const event = emptyEvent('', '', '');

  // 2. event_id
  let assignedId = false;
  const id = get('event_id');
  if (id === undefined) {
    event.event_id = randomUUID();
    assignedId = true;
  } else if (typeof id.value !== 'string' || !UUID_RE.test(id.value)) {
    fail(
      'event_id',
      `${id.key} must be a UUID such as "0f8fad5b-d9cb-469f-a165-70867728950e" (any version), got ${describeValue(id.value)}; ` +
        'omit it to have one assigned',
    );
  } else if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(id.value) || /^f{8}-f{4}-f{4}-f{4}-f{12}$/i.test(id.value)) {
    fail('event_id', `${id.key} must be a unique UUID per event, got the constant ${describeValue(id.value)}; omit it to have one assigned`);
  } else {
    event.event_id = id.value.toLowerCase();
  }

  // 3. type
  const type = get('type');
  let typeOk = false;
  if (type === undefined || type.value === '') {
    fail('type', 'type is required: a dot.case event type such as "lesson.completed"');
  } else if (typeof type.value !== 'string') {
    fail('type', `type must be a dot.case string such as "lesson.completed", got ${describeValue(type.value)}`);
  } else if (type.value.length > EVENT_LIMITS.maxTypeLength) {
    fail('type', `type must be at most ${EVENT_LIMITS.maxTypeLength} characters, got ${type.value.length}`);
  } else if (!TYPE_RE.test(type.value)) {
    fail(
      'type',
      `type must be dot.case: lowercase segments of letters, digits and _ joined by dots, such as "lesson.completed", ` +
        `got ${describeValue(type.value)}`,
    );
  } else if (options.strict && !Object.hasOwn(EVENT_CATALOGUE, type.value)) {
    fail(
      'type',
      `unknown event type ${describeValue(type.value)} (strict mode): expected one of ${Object.keys(EVENT_CATALOGUE).join(', ')}`,
    );
  } else {
    event.type = type.value;
    typeOk = true;
  }

  // 4. timestamp
  const now = options.now.getTime();
  const timestamp = get('timestamp');
  if (timestamp === undefined) {
    event.timestamp = new Date(now).toISOString();
  } else {
    const parsed = parseTimestamp(timestamp.value, now, options.maxFutureMs ?? EVENT_LIMITS.maxFutureMs);
    if (typeof parsed === 'string') fail('timestamp', parsed);
    else event.timestamp = new Date(parsed.ms).toISOString();
  }

  // 5. string fields
  for (const field of STRING_FIELDS) {
    const entry = get(field);
    if (entry === undefined) continue;
    const result = checkString(field, entry.key, entry.value);
    if (typeof result === 'string') event[field] = result;
    else fail(field, result.error);
  }

  // 6. numbers, booleans, amount
  const duration = get('duration_seconds');
  if (duration !== undefined) {
    const v = duration.value;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= EVENT_LIMITS.maxDurationSeconds) {
      event.duration_seconds = v;
    } else {
      fail(
        'duration_seconds',
        `${duration.key} must be a whole number of seconds from 0 to ${EVENT_LIMITS.maxDurationSeconds} (one week), got ${describeValue(v)}`,
      );
    }
  }

  const score = get('score');
  if (score !== undefined) {
    const v = score.value;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100) event.score = v;
    else fail('score', `${score.key} must be a number from 0 to 100, got ${describeValue(v)}`);
  }

  const passed = get('passed');
  if (passed !== undefined) {
    if (typeof passed.value === 'boolean') event.passed = passed.value;
    else fail('passed', `${passed.key} must be true or false, got ${describeValue(passed.value)}`);
  }

  const amount = get('amount');
  if (amount !== undefined && amount.value !== '') {
    const result = normaliseAmount(amount.value);
    if (result.ok) event.amount = result.value;
    else fail('amount', `${amount.key} ${result.error}`);
  }

  // 7. properties
  const properties = get('properties');
  if (properties !== undefined) {
    const result = checkProperties(properties.value);
    if (result.ok) {
      event.properties = result.value;
    } else {
      for (const e of result.errors) fail(e.field, e.message);
      bad.add('properties');
    }
  }

  // 8. per-type requirements (only for a usable type)
  if (typeOk) {
    const required = Object.hasOwn(EVENT_CATALOGUE, event.type) ? EVENT_CATALOGUE[event.type] : [];
    const need = new Set<EventField>(required);
    if (event.type.startsWith('payment.')) need.add('amount');
    for (const field of need) {
      if (!bad.has(field) && isMissing(event, field, given)) {
        fail(field, `${field} is required for "${event.type}" events${requiredHint(field)}`);
      }
    }
    if (event.type === 'page.viewed' && !bad.has('user_id') && !bad.has('anonymous_id') && event.user_id === '' && event.anonymous_id === '') {
      fail('user_id', 'page.viewed events need user_id or anonymous_id (the signed-in learner or the anonymous visitor), got neither');
    }
    if (event.type === 'review.submitted' && !bad.has('properties')) {
      const rating = event.properties.rating;
      if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
        fail('properties.rating', `properties.rating is required for "review.submitted" events: an integer from 1 to 5, got ${describeValue(rating)}`);
      }
    }
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, event, assignedId };
}

function isMissing(event: LearningEvent, field: EventField, given: Map<EventField, { value: unknown }>): boolean {
  const value = event[field];
  if (typeof value === 'string') return value === '';
  if (value === null) return true;
  if (field === 'duration_seconds') {
    const entry = given.get(field);
    return entry === undefined || entry.value == null;
  }
  return false;
}

function requiredHint(field: EventField): string {
  switch (field) {
    case 'score':
      return ': a number from 0 to 100';
    case 'duration_seconds':
      return ': a whole number of seconds';
    case 'amount':
      return ': a decimal such as 49.9 or "49.90"';
    case 'currency':
      return ': an ISO-4217 code such as "EUR"';
    default:
      return ID_FIELD_SET.has(field) ? ' (a non-empty id)' : ' (a non-empty string)';
  }
}

function checkString(field: StringField, key: string, value: unknown): string | { error: string } {
  if (typeof value !== 'string') return { error: `${key} must be a string, got ${describeValue(value)}` };
  if (value === '') return '';
  const max = ID_FIELD_SET.has(field)
    ? EVENT_LIMITS.maxIdLength
    : URL_FIELDS.has(field)
      ? EVENT_LIMITS.maxUrlLength
      : EVENT_LIMITS.maxStringLength;
  if (value.length > max) return { error: `${key} must be at most ${max} characters, got ${value.length}` };
  if (value.includes('\u0000')) return { error: `${key} must not contain NUL (\\u0000) characters` };
  if (LONE_SURROGATE_RE.test(value)) return { error: `${key} ${LONE_SURROGATE_HINT}` };
  if (ID_FIELD_SET.has(field)) {
    if (!ID_RE.test(value)) {
      return {
        error:
          `${key} must be an id of letters, digits and _ . : - (a UUID, a CUID or a slug such as "course-007"), ` +
          `got ${describeValue(value)}`,
      };
    }
    return value;
  }
  switch (field) {
    case 'platform': {
      const lower = value.toLowerCase();
      if (!PLATFORMS.includes(lower)) return { error: `${key} must be one of ${PLATFORMS.join(', ')}, got ${describeValue(value)}` };
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
function parseTimestamp(value: unknown, now: number, maxFutureMs: number): { ms: number } | string {
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

function normaliseAmount(value: unknown): { ok: true; value: string } | { ok: false; error: string } {
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

interface WalkState {
  keys: number;
  stopped: boolean;
  errors: FieldError[];
  suppressed: number;
}

function checkProperties(value: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  if (!isPlainObject(value)) {
    return {
      ok: false,
      errors: [{ field: 'properties', message: `properties must be a JSON object such as {"rating": 5}, got ${describeValue(value)}` }],
    };
  }
  const state: WalkState = { keys: 0, stopped: false, errors: [], suppressed: 0 };
  walk(value, 'properties', 1, state);
  if (state.suppressed > 0) {
    state.errors.push({ field: 'properties', message: `${state.suppressed} more problems in properties were not listed` });
  }
  if (state.errors.length > 0) return { ok: false, errors: state.errors };
  const serialized = JSON.stringify(value);
  const bytes = Buffer.byteLength(serialized, 'utf8');
  if (bytes > EVENT_LIMITS.maxPropertiesBytes) {
    return {
      ok: false,
      errors: [
        {
          field: 'properties',
          message: `properties is ${bytes} bytes as JSON; at most ${formatBytes(EVENT_LIMITS.maxPropertiesBytes)} is accepted`,
        },
      ],
    };
  }
  // A deep copy of exactly what will be stored (drops -0 and any shared references).
  return { ok: true, value: JSON.parse(serialized) as Record<string, unknown> };
}

function report(state: WalkState, field: string, message: string): void {
  if (state.errors.length < EVENT_LIMITS.maxPropertyErrors) state.errors.push({ field, message });
  else state.suppressed++;
}

function walk(value: unknown, path: string, depth: number, state: WalkState): void {
  if (state.stopped) return;
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    if (LONE_SURROGATE_RE.test(value)) report(state, path, `${path} ${LONE_SURROGATE_HINT}`);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      report(state, path, `${path} must be a finite number, got ${describeValue(value)}`);
    } else if (Number.isInteger(value) && (value <= PROPERTY_NUMBER_MIN || value >= PROPERTY_NUMBER_MAX)) {
      report(
        state,
        path,
        `${path} is the whole number ${describeValue(value)}, outside the 64-bit integer range ClickHouse stores (strictly between -2^63 and 2^64); send it as a string`,
      );
    }
    return;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    report(state, path, `${path} must be a JSON value (string, number, boolean, null, array or object), got ${describeValue(value)}`);
    return;
  }
  if (depth > EVENT_LIMITS.maxPropertiesDepth) {
    report(
      state,
      path,
      `properties is nested too deeply at ${path}: at most ${EVENT_LIMITS.maxPropertiesDepth} levels of objects and arrays are accepted (properties itself is level 1)`,
    );
    return;
  }
  if (isArray) {
    for (let i = 0; i < value.length && !state.stopped; i++) walk(value[i], `${path}[${i}]`, depth + 1, state);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (state.stopped) return;
    state.keys++;
    if (state.keys > EVENT_LIMITS.maxPropertiesKeys) {
      report(state, 'properties', `properties has more than ${EVENT_LIMITS.maxPropertiesKeys} keys in total (all levels counted); send fewer keys`);
      state.stopped = true;
      return;
    }
    const keyOk = key.length <= EVENT_LIMITS.maxPropertyKeyLength && PROPERTY_KEY_RE.test(key) && key !== '__proto__';
    const child = keyOk ? `${path}.${key}` : `${path}[${JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key)}]`;
    if (!keyOk) {
      report(
        state,
        child,
        `property key ${describeValue(key)} in ${path} is not accepted: keys must be 1-${EVENT_LIMITS.maxPropertyKeyLength} characters of ` +
          'letters, digits, _ and -, starting with a letter or _ (no dots: ClickHouse JSON reads a dot as nesting; not "__proto__")',
      );
    }
    walk(object[key], child, depth + 1, state);
  }
}

const SUGGESTION_CANDIDATES = [...ALL_FIELDS, ...ALIAS_TO_FIELD.keys()];

function unknownFieldMessage(key: string): string {
  const suggestion = suggestField(key);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return `unknown field ${describeValue(key)}${hint}: it is not part of the event envelope; put custom data into "properties", e.g. {"properties": {${describeValue(key)}: ...}}`;
}

function suggestField(key: string): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const target = squash(key);
  let best: { name: string; distance: number } | undefined;
  for (const name of SUGGESTION_CANDIDATES) {
    const d = squash(name) === target ? 0 : levenshtein(key.toLowerCase(), name.toLowerCase(), 2);
    if (d <= 2 && (best === undefined || d < best.distance)) best = { name: ALIAS_TO_FIELD.get(name) ?? name, distance: d };
  }
  return best !== undefined && key.length > 2 ? best.name : undefined;
}

/** Edit distance, giving up (returning limit + 1) once it exceeds `limit`. */
function levenshtein(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
