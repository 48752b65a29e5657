/**
 * The rules of the event model that both sides share: ingest validates events with them
 * (src/ingest), and query arguments are checked against them (src/domain/arguments.ts), so an
 * argument that could never match a stored value is refused instead of answering zeros.
 */

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

/** Any UUID version; the nil and max UUIDs are refused separately (see validate-event.ts). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An event type: lowercase dot.case with at least two segments, e.g. `lesson.completed`. */
export const EVENT_TYPE_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** The id alphabet (UUIDs, CUIDs, slugs such as `course-007`): user, company, course, ... ids. */
export const ID_RE = /^[A-Za-z0-9_.:-]+$/;
/** A producing service: `learner-progress`. */
export const SOURCE_RE = /^[a-z][a-z0-9-]*$/;
/** ISO-3166 alpha-2, any case at ingest (stored upper-cased). */
export const COUNTRY_RE = /^[A-Za-z]{2}$/;
/** ISO-4217, any case at ingest (stored upper-cased). */
export const CURRENCY_RE = /^[A-Za-z]{3}$/;
/** One key inside `properties`; no dots, because ClickHouse's JSON type reads a dot as nesting. */
export const PROPERTY_KEY_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const PLATFORMS = ['web', 'ios', 'android'] as const;
