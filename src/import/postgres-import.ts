/**
 * The PostgreSQL backfill (docs/postgres-import.md): read the platform's analytics_events in
 * ("timestamp", id) batches, map each row, validate it like any ingested event, store the
 * batch through the ingest's batch writer (journal, one insert, ids recorded), record progress.
 * Safe to interrupt and to run again: see the layers of idempotency in `importBatch`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ClickHouse } from '../clickhouse/client';
import { ImportProgressRepository } from '../clickhouse/repositories/import-progress.repository';
import type { Config } from '../config/config';
import type { LearningEvent } from '../domain/event';
import type { BatchWriter } from '../ingest/batch-writer';
import { clickhouseTime, eventRowsNdjson } from '../ingest/event-rows';
import { IngestRuntime } from '../ingest/ingest-runtime';
import { validateEvent } from '../ingest/validate-event';
import { mapPostgresRow } from './postgres-mapping';
import { FLOOR_TIMESTAMP, type PostgresEventReader, type ReadRange } from './postgres-reader';
import type { PostgresEventRow, SourceCursor } from './postgres-row';
import type { ImportWarningCode } from './sanitise-properties';

export interface PostgresImportOptions {
  /** Where the ingest journal and the event-id registry are (the server's configuration for the same store). */
  config: Config;
  /** Rows per batch (one PostgreSQL query, one ClickHouse insert). */
  batchSize: number;
  /** Only rows with "timestamp" >= since. */
  since?: Date;
  /** Continue after the progress stored for this source (default). Off: start at `since` or the beginning. */
  resume: boolean;
  /** Map and validate only: nothing is inserted and no progress is stored. */
  dryRun?: boolean;
  /** Stop after this many batches (a sample run; the next run resumes after it). */
  maxBatches?: number;
  /** Rows newer than now() minus this are left for the next run; default 300. */
  settleSeconds?: number;
  /** The validator's clock (future-timestamp limit); default now. */
  now?: Date;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  /** Rows this run reads in total (counted when it started). */
  total: number;
  rowsRead: number;
  eventsInserted: number;
  rejected: number;
}

export interface ImportRejection {
  id: string;
  eventType: string;
  eventAction: string | null;
  /** The mapped type that failed validation. */
  type: string;
  reasons: string[];
}

export interface ImportReport extends ImportProgress {
  source: string;
  /** Where this run started: after this cursor, or null from the beginning of the range. */
  resumedAfter: SourceCursor | null;
  /** The last row read (the stored progress after this run), or where it started when nothing was read. */
  cursor: SourceCursor | null;
  batches: number;
  /** False when `maxBatches` stopped the run before the end of the range. */
  finished: boolean;
  dryRun: boolean;
  /** Valid events that were already in `events` (an earlier run stored them) and were not inserted again. */
  alreadyStored: number;
  /** Valid events by type (inserted or already stored). */
  types: Record<string, number>;
  /** The first REPORTED_REJECTIONS rejected rows with every reason; `rejected` counts all. */
  rejections: ImportRejection[];
  /** Warnings by code: data that was renamed, converted or left out while mapping (the rows were imported). */
  warnings: Partial<Record<ImportWarningCode, number>>;
  /** Examples, prefixed with the row id: the first WARNING_EXAMPLES_PER_CODE of each kind, REPORTED_WARNINGS in all. */
  warningExamples: string[];
  /** Rows with a timestamp before 1900 or infinite: never read by any run. */
  unreadableRows: number;
}

export const REPORTED_REJECTIONS = 20;
export const REPORTED_WARNINGS = 20;
export const WARNING_EXAMPLES_PER_CODE = 3;
const DEFAULT_SETTLE_SECONDS = 300;

/** `2024-12-19 10:15:00.123000` for PostgreSQL's comparison with the timestamp column. */
function pgTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 23).replace('T', ' ')}000`;
}

/**
 * The insert_deduplication_token of one batch: the source and the ids of the first and last
 * event inserted, and how many. A retry of the same insert carries the same token and
 * ClickHouse drops it, from `events` and from every rollup view.
 */
export function batchToken(source: string, events: readonly { id: string }[]): string {
  const digest = createHash('sha256')
    .update(`${source}\n${events[0]!.id}\n${events[events.length - 1]!.id}\n${events.length}`)
    .digest('hex')
    .slice(0, 32);
  return `pg-import:${digest}`;
}

/** The batch id (a UUID, as the ingest journal names its files) that carries a batch's token as its deduplication token. */
function batchIdOf(token: string): string {
  const h = createHash('sha256').update(token).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export async function importPostgres(reader: PostgresEventReader, db: ClickHouse, options: PostgresImportOptions): Promise<ImportReport> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error(`batchSize must be a positive whole number, got ${options.batchSize}`);
  const dryRun = options.dryRun ?? false;
  // Batches are stored as the ingest stores them (src/ingest/batch-writer.ts): a run killed in an
  // insert leaves its batch in the journal, completed before anything else at the next start of
  // the server or of this import (below). Inserted directly, such a batch could be in `events`
  // and not in every rollup, and the next run skipped it as imported (layer 2 in importBatch).
  const ingest = dryRun ? undefined : new IngestRuntime(db, options.config);
  try {
    if (ingest) {
      await ingest.start();
      const problem = ingest.health.problem;
      if (problem)
        throw new Error(
          `ClickHouse refused to complete the ingest journal (${problem.message}): nothing was imported; run the import again once it accepts writes`,
        );
    }
    return await importAll(reader, db, options, ingest?.writer);
  } finally {
    await ingest?.close();
  }
}

/** The import itself; `writer` undefined: a dry run, nothing is stored. */
async function importAll(reader: PostgresEventReader, db: ClickHouse, options: PostgresImportOptions, writer: BatchWriter | undefined): Promise<ImportReport> {
  const progress = new ImportProgressRepository(db);
  const now = options.now ?? new Date();
  const dryRun = writer === undefined;

  const resumedAfter = options.resume ? await progress.load(reader.source) : null;
  const range: ReadRange = {
    from: options.since ? pgTimestamp(options.since) : FLOOR_TIMESTAMP,
    until: await reader.snapshotUntil(options.settleSeconds ?? DEFAULT_SETTLE_SECONDS),
  };
  const report: ImportReport = {
    source: reader.source,
    resumedAfter,
    cursor: resumedAfter,
    total: await reader.count(range, resumedAfter),
    rowsRead: 0,
    eventsInserted: 0,
    rejected: 0,
    batches: 0,
    finished: false,
    dryRun,
    alreadyStored: 0,
    types: {},
    rejections: [],
    warnings: {},
    warningExamples: [],
    unreadableRows: await reader.countUnreadable(),
  };
  const runId = randomUUID();
  const examples = new Map<ImportWarningCode, number>();
  options.onProgress?.(snapshot(report));

  for (;;) {
    if (options.maxBatches !== undefined && report.batches >= options.maxBatches) break;
    const rows = await reader.readBatch(range, report.cursor, options.batchSize);
    if (rows.length === 0) {
      report.finished = true;
      break;
    }
    const last = rows[rows.length - 1]!;
    await importBatch(rows, report, { writer, progress, now, source: reader.source, examples });
    report.batches += 1;
    report.cursor = { timestamp: last.timestamp, id: last.id };
    if (!dryRun) {
      await progress.save({
        source: reader.source,
        runId,
        batch: report.batches,
        cursor: report.cursor,
        rowsRead: report.rowsRead,
        eventsInserted: report.eventsInserted,
        rowsRejected: report.rejected,
      });
    }
    options.onProgress?.(snapshot(report));
    if (rows.length < options.batchSize) {
      report.finished = true;
      break;
    }
  }
  return report;
}

interface BatchContext {
  /** Undefined on a dry run: nothing is stored. */
  writer: BatchWriter | undefined;
  progress: ImportProgressRepository;
  now: Date;
  source: string;
  /** Examples listed so far, per warning code. */
  examples: Map<ImportWarningCode, number>;
}

/**
 * Idempotency, four layers deep:
 * 1. event_id is derived from the row id (legacy-event-id.ts): the same row is the same event;
 * 2. ids already in `events` are left out (storedEventIds): a re-read batch inserts nothing;
 * 3. the insert carries a deduplication token made from the batch: a retry of an insert whose
 *    answer was lost is dropped by ClickHouse, in `events` and in the rollups;
 * 4. the batch is in the ingest journal from before its insert until it is in `events` and
 *    every rollup, and a batch left there is completed at the next start (before layer 2 reads).
 * Progress is stored only after the batch is stored, so a crash in between re-reads the batch
 * and layer 2 drops it.
 */
async function importBatch(rows: readonly PostgresEventRow[], report: ImportReport, ctx: BatchContext): Promise<void> {
  const valid: { id: string; event: LearningEvent }[] = [];
  for (const row of rows) {
    report.rowsRead += 1;
    const mapped = mapPostgresRow(row);
    for (const warning of mapped.warnings) {
      report.warnings[warning.code] = (report.warnings[warning.code] ?? 0) + 1;
      const shown = ctx.examples.get(warning.code) ?? 0;
      if (report.warningExamples.length < REPORTED_WARNINGS && shown < WARNING_EXAMPLES_PER_CODE) {
        report.warningExamples.push(`${row.id}: ${warning.message}`);
        ctx.examples.set(warning.code, shown + 1);
      }
    }
    const result = validateEvent(mapped.input, { now: ctx.now, strict: false });
    if (result.ok) {
      valid.push({ id: row.id, event: result.event });
      report.types[result.event.type] = (report.types[result.event.type] ?? 0) + 1;
    } else {
      report.rejected += 1;
      if (report.rejections.length < REPORTED_REJECTIONS) {
        report.rejections.push({
          id: row.id,
          eventType: row.eventType,
          eventAction: row.eventAction,
          type: mapped.input.type,
          reasons: result.errors.map((e) => (e.field === '' ? e.message : `${e.field}: ${e.message}`)),
        });
      }
    }
  }
  if (valid.length === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const v of valid) {
    const t = Date.parse(v.event.timestamp);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const stored = await ctx.progress.storedEventIds(
    valid.map((v) => v.event.event_id),
    new Date(min),
    new Date(max),
  );
  const fresh = valid.filter((v) => !stored.has(v.event.event_id));
  report.alreadyStored += valid.length - fresh.length;
  if (fresh.length === 0 || ctx.writer === undefined) return;
  const receivedAt = clickhouseTime(new Date());
  const batch = {
    batchId: batchIdOf(batchToken(ctx.source, fresh)),
    receivedAt,
    ids: fresh.map((v) => v.event.event_id),
    bytes: eventRowsNdjson(
      fresh.map((v) => ({ id: v.event.event_id, event: v.event })),
      receivedAt,
    ),
  };
  // BatchNotStoredError (nothing stored) ends the run as any error: progress is not recorded.
  if ((await ctx.writer.commit(batch)) === 'completing') {
    throw new Error(
      'ClickHouse stored this batch in events but refused the rest of the insert; it is kept in the ingest journal and completed at the next start: run the import again once ClickHouse accepts writes',
    );
  }
  report.eventsInserted += fresh.length;
}

function snapshot(report: ImportReport): ImportProgress {
  return { total: report.total, rowsRead: report.rowsRead, eventsInserted: report.eventsInserted, rejected: report.rejected };
}
