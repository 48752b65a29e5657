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
 * are; free text (page, referrer, utm_*) and properties go through JSON.stringify. One string
 * of the whole batch, one conversion to bytes.
 */
export function eventRowsNdjson(events: readonly LearningEvent[], receivedAt: string): Buffer {
  const tail = `"received_at":"${receivedAt}"}\n`;
  const rows = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) rows[i] = eventRow(events[i]!) + tail;
  return Buffer.from(rows.join(''));
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
