import { randomUUID } from 'node:crypto';
import { BatchNotStoredError, type BatchWriter } from './batch-writer';
import type { EventIdRegistry } from './event-id-registry';
import { EventIdLocks } from './event-id-locks';
import { ReplicaBusyError } from './replica-busy';
import { derivedEventId, IdempotencyKeyReusedError, type IdempotencyStore } from './idempotency';
import { readRecord, type BodyRecord } from './parse-body';
import { acceptedEvent, clickhouseTime, eventRowsNdjson, storableLine, type AcceptedEvent } from './event-rows';
import { CatalogueTypoNotes } from './type-typos';
import { validateEvent } from './validate-event';
import type { Viewer } from '../domain/viewer';
import { writeScopeError, writeScopeOf } from './write-scope';

export interface IngestError {
  /** 1-based line of the NDJSON body, or index + 1 in a JSON array / the mutation's list. */
  line: number;
  /** The snake_case envelope field, or '' for the event (or line) as a whole. */
  field: string;
  message: string;
}

export interface IngestResult {
  /** Valid events acknowledged: written now or already stored (see `duplicates`). */
  accepted: number;
  /** Invalid events, none of them stored. */
  rejected: number;
  /** Accepted events that were not written again: a repeated event_id in this request, or one received within the dedup window. */
  duplicates: number;
  errors: IngestError[];
  /** Things worth knowing that did not reject anything (e.g. server-assigned event ids). */
  warnings: string[];
}

/** An answer and its HTTP status: 200 (stored), 202 (stored in `events`, rollups completing from the journal), 400 (nothing valid). */
export interface IngestAnswer {
  status: 200 | 202 | 400;
  result: IngestResult;
  /** True when this is the stored answer of an earlier request with the same Idempotency-Key and body. */
  replayed: boolean;
}

export interface IngestOptions {
  /** Store nothing unless every event is valid. */
  allOrNothing: boolean;
  /** SHA-256 (hex) of the request body (or of the mutation's events): ids the server assigns derive from it, and a key binds to it. */
  requestHash: string;
  /** The client's Idempotency-Key, if it sent one. */
  idempotencyKey?: string;
  /** Who writes: its token decides which companies' events it may write (src/ingest/write-scope.ts); others are rejected per line. */
  writer: Viewer;
}

export interface IngestSettings {
  strict: boolean;
  dedupWindowSeconds: number;
}

/** ClickHouse did not confirm the write: nothing was acknowledged, the client should retry. */
export class IngestUnavailableError extends Error {
  readonly retryAfterSeconds = 5;
  constructor(
    readonly cause: unknown,
    /** `nothing`: checked, no row of the batch is stored. `unknown`: ClickHouse could not be asked; the journal completes or the retry dedups it. */
    readonly stored: 'nothing' | 'unknown' = 'nothing',
  ) {
    super(
      cause instanceof ReplicaBusyError
        ? cause.message
        : stored === 'nothing'
          ? 'ClickHouse did not confirm the write, nothing was stored: retry the same request (same Idempotency-Key) later'
          : 'ClickHouse did not confirm the write and could not be asked what it kept; the server completes the batch from its journal if part of it landed. ' +
            'Retry the same request (same Idempotency-Key) later: it is answered without storing any event twice',
    );
  }
}

/**
 * The one ingest path, shared by POST /v1/events and the ingestEvents mutation:
 * key check -> validate -> drop duplicates -> store the batch (journal, one insert, ids) -> answer.
 */
export class IngestService {
  /** Check-then-insert holds its event ids (and key), so two concurrent requests carrying the same event_id cannot both pass the check. */
  private readonly locks = new EventIdLocks();

  constructor(
    private readonly writer: BatchWriter,
    private readonly registry: EventIdRegistry,
    private readonly keys: IdempotencyStore,
    private readonly settings: IngestSettings,
    /** Told every answered request's counts (the events metrics); not called when the write failed or for a replay. */
    private readonly onResult: (result: IngestResult) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ingest(records: readonly BodyRecord[], options: IngestOptions): Promise<IngestAnswer> {
    const key = options.idempotencyKey;
    if (key === undefined) return this.answer(records, options);
    return this.locks.withLocks([`key:${key}`], async () => {
      const release = await this.keys.hold(key).catch((error: unknown) => {
        throw new IngestUnavailableError(error);
      });
      try {
        const stored = await this.findKey(key);
        if (stored) {
          if (stored.bodySha256 !== options.requestHash) throw new IdempotencyKeyReusedError(key, stored.createdAt);
          return { status: stored.status as IngestAnswer['status'], result: JSON.parse(stored.response) as IngestResult, replayed: true };
        }
        const answer = await this.answer(records, options);
        // A 202 is not stored: a retry then finds the batch completed and answers with the true counts.
        if (answer.status !== 202) {
          await this.keys
            .store({ key, bodySha256: options.requestHash, status: answer.status, response: JSON.stringify(answer.result) })
            // The events are stored; without the stored answer a retry is answered by the id check instead (same counts, as duplicates).
            .catch(() => undefined);
        }
        return answer;
      } finally {
        await release();
      }
    });
  }

  private async findKey(key: string) {
    try {
      return await this.keys.find(key);
    } catch (error) {
      throw new IngestUnavailableError(error);
    }
  }

  private async answer(records: readonly BodyRecord[], options: IngestOptions): Promise<IngestAnswer> {
    const answer = await this.validateAndStore(records, options);
    this.onResult(answer.result);
    return answer;
  }

  private async validateAndStore(records: readonly BodyRecord[], options: IngestOptions): Promise<IngestAnswer> {
    const now = this.now();
    const errors: IngestError[] = [];
    const valid: AcceptedEvent[] = [];
    let assignedIds = 0;
    let invalidLines = 0;
    const writeScope = writeScopeOf(options.writer);
    const typos = new CatalogueTypoNotes();
    for (const record of records) {
      const read = readRecord(record);
      if ('error' in read) {
        invalidLines += 1;
        errors.push({ line: record.line, field: '', message: read.error });
        continue;
      }
      const result = validateEvent(read.value, { now, strict: this.settings.strict });
      const refused = result.ok ? writeScopeError(result.event, writeScope) : null;
      if (refused) {
        invalidLines += 1;
        errors.push({ line: record.line, ...refused });
      } else if (result.ok) {
        if (result.assignedId) {
          result.event.event_id = derivedEventId(options.requestHash, record.line);
          assignedIds += 1;
        }
        valid.push(acceptedEvent(result.event, storableLine(record.text, read.value, result.event)));
        typos.add(record.line, result.event.type);
      } else {
        invalidLines += 1;
        for (const e of result.errors) errors.push({ line: record.line, ...e });
      }
    }

    const warnings: string[] = [];
    if (assignedIds > 0) {
      warnings.push(
        `${assignedIds} event(s) had no event_id: the server derived one from the body and the line, so only a byte-identical resend of this body is recognised as a duplicate. Send an event_id (UUID) with every event.`,
      );
    }
    if (options.allOrNothing && invalidLines > 0) {
      warnings.push('mode=all-or-nothing: nothing was stored because at least one event is invalid');
      return { status: 400, replayed: false, result: { accepted: 0, rejected: records.length, duplicates: 0, errors, warnings } };
    }
    warnings.push(...typos.warnings());

    const unique = new Map<string, AcceptedEvent>();
    for (const accepted of valid) if (!unique.has(accepted.id)) unique.set(accepted.id, accepted);
    const inRequestDuplicates = valid.length - unique.size;
    const ids = [...unique.keys()];

    const { alreadyStored, outcome } = await this.locks.withLocks(ids, async () => {
      try {
        // A batch left half-stored by an earlier failure is completed first, so its ids count as received below.
        if (this.writer.hasPending) await this.writer.repair();
        const recent = await this.registry.claim(ids);
        const fresh = [...unique.values()].filter((e) => !recent.has(e.id));
        if (fresh.length === 0) return { alreadyStored: recent.size, outcome: 'stored' as const };
        const receivedAt = clickhouseTime(this.now());
        const batch = { batchId: randomUUID(), receivedAt, ids: fresh.map((e) => e.id), bytes: eventRowsNdjson(fresh, receivedAt) };
        try {
          return { alreadyStored: recent.size, outcome: await this.writer.commit(batch) };
        } catch (error) {
          await this.registry.release(batch.ids).catch(() => undefined);
          throw error;
        }
      } catch (error) {
        if (error instanceof BatchNotStoredError) throw new IngestUnavailableError(error.cause, error.stored);
        throw new IngestUnavailableError(error);
      }
    });
    if (outcome === 'completing') {
      warnings.push(
        'ClickHouse stored these events in the events table but refused part of the rollup writes; the server keeps the batch in its journal and completes every rollup automatically once writes succeed again (GET /readyz tells when). Nothing needs to be resent.',
      );
    }
    const result = { accepted: valid.length, rejected: invalidLines, duplicates: inRequestDuplicates + alreadyStored, errors, warnings };
    return { status: outcome === 'completing' ? 202 : valid.length > 0 ? 200 : 400, replayed: false, result };
  }
}
