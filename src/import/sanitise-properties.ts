import { EVENT_LIMITS } from '../domain/event-rules';
import { isPlainObject } from '../ingest/properties';

/**
 * Turns a source row's `customData` JSON into event `properties` that our validator accepts
 * (validate-event.ts: key format, nesting depth, number range, well-formed strings). Nothing is
 * changed silently: every rename, drop or conversion is reported as a warning, which the import
 * counts and shows. Pure.
 */

export type ImportWarningCode =
  /** A key with characters our properties do not allow (dots, spaces, a leading digit) was renamed. */
  | 'property_key_renamed'
  /** A key was dropped: `__proto__`, or its sanitised name (or an import key) was already taken. */
  | 'property_key_dropped'
  /** A value was converted: a too-deep subtree to its JSON text, a huge integer to a string, a lone surrogate to U+FFFD. */
  | 'property_value_converted'
  /** customData was not a JSON object; it is kept as properties.custom_data. */
  | 'custom_data_wrapped'
  /** customData was over the key-count or size limit of properties and was left out. */
  | 'custom_data_dropped'
  /** A video_progress row's progress value was not a percentage from 0 to 100. */
  | 'progress_unreadable'
  /** A contest_completed row had a score that is not a percentage (and no maximum to make it one). */
  | 'score_unreadable';

export interface ImportWarning {
  code: ImportWarningCode;
  message: string;
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;
const INT_MIN = -(2 ** 63);
const INT_MAX = 2 ** 64;

/** The property key a source key becomes, or null when it must be dropped. */
export function sanitiseKey(key: string): string | null {
  if (key === '__proto__') return null;
  if (key.length <= EVENT_LIMITS.maxPropertyKeyLength && KEY_RE.test(key)) return key;
  let out = key.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(out)) out = `_${out}`;
  return out.slice(0, EVENT_LIMITS.maxPropertyKeyLength);
}

/** customData as a properties object; a double-encoded JSON string is decoded first. */
export function sanitiseCustomData(value: unknown, warn: (w: ImportWarning) => void): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  let data: unknown = value;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      // not JSON text: kept as a string below
    }
  }
  if (isPlainObject(data)) return sanitiseObject(data, 'customData', 1, warn);
  warn({ code: 'custom_data_wrapped', message: `customData is ${describe(data)}, not a JSON object: kept as properties.custom_data` });
  return { custom_data: sanitiseValue(data, 'customData', 2, warn) };
}

function sanitiseObject(object: Record<string, unknown>, path: string, depth: number, warn: (w: ImportWarning) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(object);
  // Keys that are already valid first, so a renamed key never displaces an original one.
  const ordered = [...keys.filter((k) => sanitiseKey(k) === k), ...keys.filter((k) => sanitiseKey(k) !== k)];
  for (const key of ordered) {
    const name = sanitiseKey(key);
    const where = `${path}[${JSON.stringify(key)}]`;
    if (name === null) {
      warn({ code: 'property_key_dropped', message: `${where} dropped: "__proto__" is not accepted as a property key` });
      continue;
    }
    if (Object.hasOwn(out, name)) {
      warn({ code: 'property_key_dropped', message: `${where} dropped: it becomes "${name}", which ${path} already has` });
      continue;
    }
    if (name !== key) {
      warn({
        code: 'property_key_renamed',
        message: `${where} renamed to "${name}": keys are letters, digits, _ and - starting with a letter or _ (a dot would read as nesting)`,
      });
    }
    out[name] = sanitiseValue(object[key], `${path}.${name}`, depth + 1, warn);
  }
  return out;
}

/** `depth` is the nesting level the value would have inside properties (properties itself is 1). */
function sanitiseValue(value: unknown, path: string, depth: number, warn: (w: ImportWarning) => void): unknown {
  if (typeof value === 'string') {
    if (!LONE_SURROGATE.test(value)) return value;
    warn({ code: 'property_value_converted', message: `${path}: lone UTF-16 surrogates replaced by U+FFFD` });
    return value.replace(LONE_SURROGATES, '\uFFFD');
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && (value <= INT_MIN || value >= INT_MAX)) {
      warn({ code: 'property_value_converted', message: `${path}: the integer ${value} is outside the 64-bit range ClickHouse stores; kept as a string` });
      return String(value);
    }
    return value;
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (depth > EVENT_LIMITS.maxPropertiesDepth) {
      warn({
        code: 'property_value_converted',
        message: `${path}: nested deeper than ${EVENT_LIMITS.maxPropertiesDepth} levels; kept as its JSON text`,
      });
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) return value.map((v, i) => sanitiseValue(v, `${path}[${i}]`, depth + 1, warn));
    return sanitiseObject(value, path, depth, warn);
  }
  return value; // null, boolean
}

/** Keys at every level, counted as the validator counts them. */
export function countKeys(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countKeys(v), 0);
  if (isPlainObject(value)) return Object.keys(value).reduce((n, k) => n + 1 + countKeys(value[k]), 0);
  return 0;
}

/** Whether a properties object is within the validator's key-count and size limits. */
export function withinPropertyLimits(properties: Record<string, unknown>): boolean {
  return countKeys(properties) <= EVENT_LIMITS.maxPropertiesKeys && Buffer.byteLength(JSON.stringify(properties), 'utf8') <= EVENT_LIMITS.maxPropertiesBytes;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string that is not JSON';
  return `a ${typeof value}`;
}
