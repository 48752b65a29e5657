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
import { EVENT_CATALOGUE, ID_FIELDS, STRING_FIELDS, emptyEvent, type EventField, type LearningEvent } from '../domain/event';
import { EVENT_LIMITS, EVENT_TYPE_RE, UUID_RE } from '../domain/event-rules';
import { closestMatch } from './did-you-mean';
import { describeValue, type FieldError } from './ingest-errors';
import { checkProperties, isPlainObject } from './properties';
import { videoProgressErrors } from './video-progress-rule';
import { checkString, normaliseAmount, parseTimestamp } from './value-parsers';

export interface ValidateEventOptions {
  /** The receive time: default timestamp and the reference for the future limit. */
  now: Date;
  /** Reject types that are not in EVENT_CATALOGUE. */
  strict: boolean;
  /** How far in the future a timestamp may be, ms; default 24h. */
  maxFutureMs?: number;
}

export type ValidateEventResult = { ok: true; event: LearningEvent; assignedId: boolean } | { ok: false; errors: FieldError[] };

const ALL_FIELDS = Object.keys(emptyEvent('', '', '')) as EventField[];
const FIELD_SET: ReadonlySet<string> = new Set(ALL_FIELDS);
const ALIAS_TO_FIELD: ReadonlyMap<string, EventField> = new Map(
  ALL_FIELDS.filter((f) => f.includes('_')).map((f) => [f.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), f]),
);
const ID_FIELD_SET: ReadonlySet<string> = new Set(ID_FIELDS);
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

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
  // The common body names every field in snake_case: its fields are read from the object as
  // they are, and the map of keys is built only when an alias is present (the per-event Map
  // was the largest cost of validation, issue 12).
  const keys = Object.keys(input);
  let aliased = false;
  for (const key of keys) if (!FIELD_SET.has(key) && ALIAS_TO_FIELD.has(key)) aliased = true;
  const given = aliased ? new Map<EventField, { key: string; value: unknown }>() : undefined;
  for (const key of keys) {
    const field = FIELD_SET.has(key) ? (key as EventField) : ALIAS_TO_FIELD.get(key);
    if (field === undefined) {
      errors.push({ field: key, message: unknownFieldMessage(key) });
      continue;
    }
    if (given === undefined) continue;
    const value = input[key];
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
    if (given === undefined) {
      const value = input[field];
      return value == null ? undefined : { key: field, value };
    }
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
  } else {
    const lower = id.value.toLowerCase();
    if (lower === NIL_UUID || lower === MAX_UUID) {
      fail('event_id', `${id.key} must be a unique UUID per event, got the constant ${describeValue(id.value)}; omit it to have one assigned`);
    } else {
      event.event_id = lower;
    }
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
  } else if (!EVENT_TYPE_RE.test(type.value)) {
    fail(
      'type',
      `type must be dot.case: lowercase segments of letters, digits and _ joined by dots, such as "lesson.completed", ` + `got ${describeValue(type.value)}`,
    );
  } else if (options.strict && !Object.hasOwn(EVENT_CATALOGUE, type.value)) {
    fail('type', `unknown event type ${describeValue(type.value)} (strict mode): expected one of ${Object.keys(EVENT_CATALOGUE).join(', ')}`);
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
    const maxFutureMs = options.maxFutureMs ?? EVENT_LIMITS.maxFutureMs;
    const canonical = canonicalTimestampMs(timestamp.value);
    if (canonical >= EVENT_LIMITS.minTimestampMs && canonical - now <= maxFutureMs) {
      // Already the stored form (what toISOString writes): kept as it is.
      event.timestamp = timestamp.value as string;
    } else {
      const parsed = parseTimestamp(timestamp.value, now, maxFutureMs);
      if (typeof parsed === 'string') fail('timestamp', parsed);
      else event.timestamp = new Date(parsed.ms).toISOString();
    }
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
    for (const field of requiredFields(event.type)) {
      if (!bad.has(field) && isMissing(event, field, get)) {
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
    if (event.type === 'video.progressed' && !bad.has('properties')) for (const e of videoProgressErrors(event.properties)) fail(e.field, e.message);
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, event, assignedId };
}

/**
 * Epoch ms of a timestamp already in the stored form `YYYY-MM-DDThh:mm:ss.sssZ` (a real UTC
 * date-time that toISOString writes back unchanged), else NaN. The common case, checked without
 * parseTimestamp's regular expression; anything else goes through parseTimestamp.
 */
function canonicalTimestampMs(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 24 || value.charCodeAt(23) !== 90 /* Z */ || value.charCodeAt(10) !== 84 /* T */) return NaN;
  // Read digit by digit: Date.parse and a toISOString round trip per event were a sixth of
  // validation's time (a Date and a string each, 5,000 times a batch, most of it garbage).
  const c = (i: number, sep: number) => value.charCodeAt(i) === sep;
  if (!c(4, 45) || !c(7, 45) || !c(13, 58) || !c(16, 58) || !c(19, 46)) return NaN; // - - : : .
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const milli = digits(value, 20, 3);
  // Years under 100 are not what Date.UTC reads them as (1900 + y): parseTimestamp decides those.
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    milli < 0
  )
    return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, milli);
}

/** The number written by `length` decimal digits from `start`, or -1 if one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isMissing(event: LearningEvent, field: EventField, given: (field: EventField) => unknown): boolean {
  const value = event[field];
  if (typeof value === 'string') return value === '';
  if (value === null) return true;
  if (field === 'duration_seconds') return given(field) === undefined;
  return false;
}

const REQUIRED_BY_TYPE = new Map<string, readonly EventField[]>();

/** The fields an event of this type needs (its catalogue entry, and amount for payment.*), once per type. */
function requiredFields(type: string): readonly EventField[] {
  let fields = REQUIRED_BY_TYPE.get(type);
  if (fields === undefined) {
    const need = new Set<EventField>(Object.hasOwn(EVENT_CATALOGUE, type) ? EVENT_CATALOGUE[type] : []);
    if (type.startsWith('payment.')) need.add('amount');
    fields = [...need];
    // Custom types are unbounded: remember the catalogue's only.
    if (Object.hasOwn(EVENT_CATALOGUE, type)) REQUIRED_BY_TYPE.set(type, fields);
  }
  return fields;
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

const SUGGESTION_CANDIDATES = [...ALL_FIELDS, ...ALIAS_TO_FIELD.keys()];

function unknownFieldMessage(key: string): string {
  const match = closestMatch(key, SUGGESTION_CANDIDATES);
  const suggestion = match === undefined ? undefined : (ALIAS_TO_FIELD.get(match) ?? match);
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return `unknown field ${describeValue(key)}${hint}: it is not part of the event envelope; put custom data into "properties", e.g. {"properties": {${describeValue(key)}: ...}}`;
}
