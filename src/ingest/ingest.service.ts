import type { LearningEvent } from '../domain/event';
import type { EventsRepository } from '../clickhouse/repositories/events.repository';
import { EventIdLocks } from './event-id-locks';
import type { BodyRecord } from './parse-body';
import { CatalogueTypoNotes } from './type-typos';
import { validateEvent } from './validate-event';

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

export interface IngestOptions {
  /** Store nothing unless every event is valid. */
  allOrNothing: boolean;
  /** Identifies one request across retries: the Idempotency-Key header, or a hash of the body. */
  deduplicationToken: string;
}

export interface IngestSettings {
  strict: boolean;
  dedupWindowSeconds: number;
}

/** ClickHouse could not confirm the write: nothing was acknowledged, the client should retry. */
export class IngestUnavailableError extends Error {
  readonly retryAfterSeconds = 5;
  constructor(readonly cause: unknown) {
    super(`ClickHouse did not confirm the write, nothing was stored: retry the same request (same Idempotency-Key) later`);
  }
}

/**
 * The one ingest path, shared by POST /v1/events and the ingestEvents mutation:
 * validate -> drop duplicates -> one synchronous, idempotent insert.
 */
export class IngestService {
  /** Check-then-insert holds its event ids, so two concurrent requests carrying the same event_id cannot both pass the check. */
  private readonly locks = new EventIdLocks();

  constructor(
    private readonly events: EventsRepository,
    private readonly settings: IngestSettings,
    /** Told every answered request's counts (the events metrics); not called when the write failed. */
    private readonly onResult: (result: IngestResult) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ingest(records: readonly BodyRecord[], options: IngestOptions): Promise<IngestResult> {
    const result = await this.validateAndStore(records, options);
    this.onResult(result);
    return result;
  }

  private async validateAndStore(records: readonly BodyRecord[], options: IngestOptions): Promise<IngestResult> {
    const now = this.now();
    const errors: IngestError[] = [];
    const valid: LearningEvent[] = [];
    let assignedIds = 0;
    let invalidLines = 0;
    const typos = new CatalogueTypoNotes();
    for (const record of records) {
      if (record.error !== undefined) {
        invalidLines += 1;
        errors.push({ line: record.line, field: '', message: record.error });
        continue;
      }
      const result = validateEvent(record.value, { now, strict: this.settings.strict });
      if (result.ok) {
        valid.push(result.event);
        typos.add(record.line, result.event.type);
        if (result.assignedId) assignedIds += 1;
      } else {
        invalidLines += 1;
        for (const e of result.errors) errors.push({ line: record.line, ...e });
      }
    }

    const warnings: string[] = [];
    if (assignedIds > 0) {
      warnings.push(
        `${assignedIds} event(s) had no event_id: the server assigned one, so a resend of those events in a new request cannot be recognised as a duplicate. Send an event_id (UUID) with every event.`,
      );
    }
    if (options.allOrNothing && invalidLines > 0) {
      warnings.push('mode=all-or-nothing: nothing was stored because at least one event is invalid');
      return { accepted: 0, rejected: records.length, duplicates: 0, errors, warnings };
    }
    warnings.push(...typos.warnings());

    const unique = new Map<string, LearningEvent>();
    for (const event of valid) if (!unique.has(event.event_id)) unique.set(event.event_id, event);
    const inRequestDuplicates = valid.length - unique.size;

    const alreadyStored = await this.locks.withLocks([...unique.keys()], async () => {
      try {
        const recent = await this.events.recentlyReceived([...unique.keys()], this.settings.dedupWindowSeconds);
        const fresh = [...unique.values()].filter((e) => !recent.has(e.event_id));
        await this.events.insert(fresh, options.deduplicationToken);
        return recent.size;
      } catch (error) {
        throw new IngestUnavailableError(error);
      }
    });

    return { accepted: valid.length, rejected: invalidLines, duplicates: inRequestDuplicates + alreadyStored, errors, warnings };
  }
}
