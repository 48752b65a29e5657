import type { LearningEvent } from '../domain/event';

/**
 * The JSONEachRow bytes of validated events, each stamped with the batch's received_at: what
 * the batch writer hands to the engine's native insert (issue 12, deliverable 6).
 *
 * Only fields that differ from their column's default are written: an absent field in
 * JSONEachRow takes the column default (input_format_defaults_for_omitted_fields, on by
 * default), which is exactly the validator's "absent" value (`''` for strings, 0 for
 * duration_seconds, NULL for score, passed and amount, `{}` for properties; the table in
 * clickhouse/migrations/0002_events.sql). Writing all 28 fields of every event made the rows
 * 2.2 times the size of the request body, and the engine parses every byte.
 *
 * Each row is written by hand rather than by JSON.stringify of the event: the fields the
 * validator restricted to characters that need no escaping (the UUID, dot.case type, ISO
 * timestamp, ids, source, platform, country, currency, the decimal amount) are written as they
 * are; free text (page, referrer, utm_*) and properties go through JSON.stringify. A line the
 * producer already sent in the stored form is copied instead (storableLine). Every row is then
 * written into one buffer sized up front.
 */
export function eventRowsNdjson(events: readonly AcceptedEvent[], receivedAt: string): Buffer {
  const tail = Buffer.from(`"received_at":"${receivedAt}"}\n`);
  // Each row's text up to its received_at: the line as sent (its closing brace becomes the
  // comma), or the row written for the event (ending in a comma).
  const texts = new Array<string>(events.length);
  const bytes = new Array<number>(events.length);
  let total = 0;
  for (let i = 0; i < events.length; i++) {
    const accepted = events[i]!;
    const text = 'line' in accepted ? accepted.line : eventRow(accepted.event);
    texts[i] = text;
    bytes[i] = Buffer.byteLength(text, 'utf8');
    total += bytes[i]! + tail.length;
  }
  // Written into one buffer: joining 5,000 strings and encoding the result took 4.5 ms for
  // lines as sent, writing them one by one 0.8 (measured, 2026-12-03).
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    at += out.write(texts[i]!, at, bytes[i]!, 'utf8');
    if ('line' in events[i]!) out[at - 1] = 0x2c; // `}` -> `,`
    at += tail.copy(out, at);
  }
  return out;
}

/**
 * A validated event as its batch needs it: the id, and either the line as sent (when that is
 * the row: storableLine) or the event to write the row from. Not both: a batch holds its events
 * until the insert, and 5,000 validated event objects kept that long cost more in garbage
 * collection (copied by every scavenge they survive) than validating them (measured: 15.4 against
 * 8.3 ms for 5,000 validations, keeping the events or only their ids).
 */
export type AcceptedEvent = { id: string; line: string } | { id: string; event: LearningEvent };

export function acceptedEvent(event: LearningEvent, line: string | undefined): AcceptedEvent {
  return line !== undefined ? { id: event.event_id, line } : { id: event.event_id, event };
}

/**
 * `text` when the NDJSON line as sent, given its received_at, is a row that stores exactly what
 * eventRow would write for the validated event; else undefined. Most producers send what the
 * validator keeps unchanged, and copying their line costs a third of writing the row again
 * (issue 12: 12 ms of the 5,000-event POST's JavaScript went into the rows). It is, when:
 * - the line is the canonical JSON of its parsed value (`JSON.stringify(value) === text`): no
 *   whitespace, no duplicate keys (JSON.parse keeps the last one, ClickHouse would refuse the
 *   insert), numbers and escapes written as JSON.stringify writes them, so `properties` is
 *   byte for byte what eventRow would write (JSON.stringify of the validator's copy);
 * - every field of the line holds the validated value itself: no alias (`userId`), no `null`
 *   that the validator reads as absent, nothing normalised (an upper-case UUID, a timestamp not
 *   in the stored form, `"IOS"`, `"de"`, `"049.90"`, an amount sent as a number);
 * - the line gave event_id and timestamp (the two fields the validator fills in otherwise).
 * A field the line gives with its column's default (`"user_id":""`) stores that default, as an
 * absent one does. test/integration/event-rows.test.ts stores both forms and compares.
 */
export function storableLine(text: string | undefined, value: unknown, event: LearningEvent): string | undefined {
  if (text === undefined || typeof value !== 'object' || value === null) return undefined;
  const given = value as Record<string, unknown>;
  if (given.event_id !== event.event_id || given.timestamp !== event.timestamp) return undefined;
  for (const key in given) {
    // An object (the validator took it, so a plain one within the limits): its text is checked
    // by the comparison below. `"properties":null` is not skipped: it differs from `{}`.
    if (key === 'properties' && typeof given[key] === 'object' && given[key] !== null) continue;
    if (given[key] !== event[key as keyof LearningEvent]) return undefined;
  }
  return JSON.stringify(given) === text ? text : undefined;
}

/** One row up to (not including) its received_at: `{"event_id":"…",…,` */
function eventRow(e: LearningEvent): string {
  let row = `{"event_id":"${e.event_id}","type":"${e.type}","timestamp":"${e.timestamp}",`;
  // Validated to [a-z0-9-] (source), the id alphabet [A-Za-z0-9_.:-], a platform name, letters.
  if (e.source !== '') row += `"source":"${e.source}",`;
  if (e.user_id !== '') row += `"user_id":"${e.user_id}",`;
  if (e.anonymous_id !== '') row += `"anonymous_id":"${e.anonymous_id}",`;
  if (e.session_id !== '') row += `"session_id":"${e.session_id}",`;
  if (e.company_id !== '') row += `"company_id":"${e.company_id}",`;
  if (e.course_id !== '') row += `"course_id":"${e.course_id}",`;
  if (e.module_id !== '') row += `"module_id":"${e.module_id}",`;
  if (e.lesson_id !== '') row += `"lesson_id":"${e.lesson_id}",`;
  if (e.quiz_id !== '') row += `"quiz_id":"${e.quiz_id}",`;
  if (e.platform !== '') row += `"platform":"${e.platform}",`;
  if (e.country !== '') row += `"country":"${e.country}",`;
  if (e.currency !== '') row += `"currency":"${e.currency}",`;
  // Free text: escaped.
  if (e.page !== '') row += `"page":${JSON.stringify(e.page)},`;
  if (e.referrer !== '') row += `"referrer":${JSON.stringify(e.referrer)},`;
  if (e.utm_source !== '') row += `"utm_source":${JSON.stringify(e.utm_source)},`;
  if (e.utm_medium !== '') row += `"utm_medium":${JSON.stringify(e.utm_medium)},`;
  if (e.utm_campaign !== '') row += `"utm_campaign":${JSON.stringify(e.utm_campaign)},`;
  if (e.utm_term !== '') row += `"utm_term":${JSON.stringify(e.utm_term)},`;
  if (e.utm_content !== '') row += `"utm_content":${JSON.stringify(e.utm_content)},`;
  // Finite numbers (validated): JSON.stringify's number form.
  if (e.duration_seconds !== 0) row += `"duration_seconds":${JSON.stringify(e.duration_seconds)},`;
  if (e.score !== null) row += `"score":${JSON.stringify(e.score)},`;
  if (e.passed !== null) row += `"passed":${e.passed ? 'true' : 'false'},`;
  // The minimal decimal string of normaliseAmount: digits and one dot.
  if (e.amount !== null) row += `"amount":"${e.amount}",`;
  if (hasKeys(e.properties)) row += `"properties":${JSON.stringify(e.properties)},`;
  return row;
}

function hasKeys(object: Record<string, unknown>): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/** `YYYY-MM-DD hh:mm:ss.sss`, UTC: ClickHouse's basic DateTime64 text (a batch's received_at), parsed without best_effort. */
export function clickhouseTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
