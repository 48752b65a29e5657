/**
 * The `properties` object of an event: walked once, every problem reported with its path (up to
 * EVENT_LIMITS.maxPropertyErrors, then summarised). The rules are ClickHouse's JSON type's
 * (see validate-event.ts for why each exists). Pure.
 */
import { EVENT_LIMITS, PROPERTY_KEY_RE } from '../domain/event-rules';
import { describeValue, formatBytes, type FieldError } from './ingest-errors';
import { hasLoneSurrogate, LONE_SURROGATE_HINT } from './value-parsers';

/**
 * Exclusive bounds for numbers in properties. Both are exclusive because of how the doubles
 * print: 2^64 - 1 is not a double, and -2^63 prints as -9223372036854776000, below Int64's minimum.
 */
const PROPERTY_NUMBER_MIN = -(2 ** 63);
const PROPERTY_NUMBER_MAX = 2 ** 64;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

interface WalkState {
  keys: number;
  stopped: boolean;
  errors: FieldError[];
  suppressed: number;
}

export function checkProperties(value: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  if (!isPlainObject(value)) {
    return {
      ok: false,
      errors: [{ field: 'properties', message: `properties must be a JSON object such as {"rating": 5}, got ${describeValue(value)}` }],
    };
  }
  // The common empty object: nothing to walk, measure or copy.
  if (Object.keys(value).length === 0) return { ok: true, value: {} };
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
    if (hasLoneSurrogate(value)) report(state, path, `${path} ${LONE_SURROGATE_HINT}`);
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
