/**
 * The value formats of xAPI 1.0.3 (xAPI-Data.md, "Special Data Types and Rules"), each a pure
 * check. The ADL LRS conformance requirements refuse with 400 any value that does not follow
 * its format, the empty string included (XAPI-00007, XAPI-00011, XAPI-00013, XAPI-00123, XAPI-00124).
 */
import { UUID_RE } from '../domain/event-rules';

/** An IRI needs a scheme (RFC 3987): `scheme:` then something without spaces or control characters. */
const IRI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\p{Cc}<>"{}|\\^`]+$/u;
/** `mailto:` and an address with one @ and a dot-free-or-dotted domain; no spaces. */
const MBOX_RE = /^mailto:[^\s@:]+@[^\s@]+$/;
const SHA1_RE = /^[0-9a-f]{40}$/i;
const SHA2_RE = /^[0-9a-f]{56}$|^[0-9a-f]{64}$|^[0-9a-f]{96}$|^[0-9a-f]{128}$/i;
/** ISO 8601:2004 4.4.3.2 durations (PnYnMnDTnHnMnS, PnW); only the last component may have a fraction. */
const DURATION_RE =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** ISO 8601 extended or basic date-time; the zone is optional (a zoneless time is read as UTC). */
const TIMESTAMP_EXTENDED_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const TIMESTAMP_BASIC_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?:\d{2})?)?$/;
const MIME_RE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\s*;.*)?$/;
const VERSION_RE = /^1\.0(?:\.\d+)?$/;

export function isIri(value: unknown): value is string {
  return typeof value === 'string' && IRI_RE.test(value);
}

export function isMbox(value: unknown): value is string {
  return typeof value === 'string' && MBOX_RE.test(value);
}

export function isSha1(value: unknown): value is string {
  return typeof value === 'string' && SHA1_RE.test(value);
}

export function isSha2(value: unknown): value is string {
  return typeof value === 'string' && SHA2_RE.test(value);
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

export function isMimeType(value: unknown): value is string {
  return typeof value === 'string' && MIME_RE.test(value);
}

/** `1.0` or `1.0.x` (XAPI-00101, XAPI-00331). */
export function isXapiVersion(value: unknown): value is string {
  return typeof value === 'string' && VERSION_RE.test(value);
}

/**
 * RFC 5646 language tags. Intl implements BCP 47's structural validity (UTS 35), which also
 * refuses a repeated extension singleton (the conformance suite's `zh-z-aaa-z-bbb-c-ccc`).
 */
export function isLanguageTag(value: unknown): value is string {
  if (typeof value !== 'string' || value === '' || !/^[A-Za-z0-9-]+$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** Seconds of an ISO 8601 duration (years as 365 days, months as 30), or null when it is not one. */
export function durationSeconds(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = DURATION_RE.exec(value);
  if (!m) return null;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return y * 31_536_000 + mo * 2_592_000 + w * 604_800 + d * 86_400 + h * 3600 + mi * 60 + s;
}

/** Milliseconds since the epoch of an ISO 8601 timestamp (extended or basic), or null when it is not one. */
export function timestampMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = TIMESTAMP_EXTENDED_RE.exec(value) ?? TIMESTAMP_BASIC_RE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over into March: a day that does not exist is refused.
  if (new Date(local).getUTCDate() !== day) return null;
  if (zone === 'Z') return local;
  // RFC 3339's "-00:00" means "offset unknown": not a time an LRS can store as an instant.
  if (/^-00(?::?00)?$/.test(zone)) return null;
  const digits = zone.replace(':', '');
  const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')) * 60_000;
  return digits[0] === '+' ? local - offset : local + offset;
}
