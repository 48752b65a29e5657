import { createHash } from 'node:crypto';

/**
 * The namespace of event ids derived from the course platform's `analytics_events` rows.
 * Fixed forever: changing it would give every imported row a new event_id, and a re-import
 * would then store each event a second time.
 */
export const POSTGRES_EVENTS_NAMESPACE = '7ca357e9-fcd2-464f-8281-2a1ff4437789';

/** RFC 9562 UUID version 5: SHA-1 of the namespace's 16 bytes followed by the name (UTF-8). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`namespace must be a UUID, got ${JSON.stringify(namespace)}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The event_id of one source row: a function of the row's primary key (a CUID) alone, so every
 * import of the same row, from whatever run, batch size or `--since`, yields the same event_id.
 */
export function legacyEventId(rowId: string): string {
  return uuidV5(POSTGRES_EVENTS_NAMESPACE, rowId);
}
