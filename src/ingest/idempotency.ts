import { createHash } from 'node:crypto';
import type { IngestKeysRepository, StoredAnswer } from '../clickhouse/repositories/ingest-keys.repository';

export type { StoredAnswer };

/**
 * Where Idempotency-Keys and their answers live for the dedup window: the embedded table
 * (0030_ingest_keys.sql), or Redis when REDIS_URL is set (shared by API replicas).
 */
export interface IdempotencyStore {
  find(key: string): Promise<StoredAnswer | null>;
  store(answer: Omit<StoredAnswer, 'createdAt'>): Promise<void>;
  /**
   * Holds `key` across processes while its request runs (Redis); resolves with a release
   * function. In one process the service's own lock already does this.
   */
  hold(key: string): Promise<() => Promise<void>>;
}

export class TableIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly keys: IngestKeysRepository,
    private readonly windowSeconds: number,
  ) {}

  find(key: string): Promise<StoredAnswer | null> {
    return this.keys.find(key, this.windowSeconds);
  }

  store(answer: Omit<StoredAnswer, 'createdAt'>): Promise<void> {
    return this.keys.store(answer);
  }

  async hold(): Promise<() => Promise<void>> {
    return async () => {};
  }
}

/** The same key was used with another body: refused, nothing stored (422). */
export class IdempotencyKeyReusedError extends Error {
  readonly status = 422;
  constructor(
    readonly key: string,
    readonly firstUsedAt: string,
  ) {
    super(
      `Idempotency-Key ${JSON.stringify(key)} was first used at ${firstUsedAt} with a different body; nothing was stored. ` +
        'A key names one request: a retry must send the same body byte for byte, new events need a new key.',
    );
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The id the server gives an event sent without one: derived from the request's hash and the
 * event's line, so a re-sent body gets the same ids and is recognised as a duplicate (issue 12:
 * such a resend was stored once but answered `duplicates: 0` twice). A UUID of version 8
 * (custom), so it cannot be mistaken for a producer's random v4 id.
 */
export function derivedEventId(requestHash: string, line: number): string {
  const h = createHash('sha256').update(`${requestHash}:${line}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
