/**
 * POST /xapi/statements behind the HTTP layer: validate every statement as xAPI 1.0.3 requires,
 * translate each into one event, and hand them all to the ingest service in one call, the same
 * path (event validation, dedup by event_id, one idempotent insert) as POST /v1/events.
 *
 * A batch is atomic, as xAPI wants of an LRS: when any statement is invalid nothing is stored
 * and the answer is 400 with every problem, one entry per statement and field in the NDJSON
 * endpoint's shape (`line` is the statement's 1-based position in the array). Otherwise the
 * answer is the statement ids in order. A statement id already stored (within the ingest dedup
 * window) is acknowledged again and not stored twice, so a re-sent statement is idempotent.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IngestError, IngestResult, IngestService } from '../ingest/ingest.service';
import type { BodyRecord } from '../ingest/parse-body';
import type { Viewer } from '../domain/viewer';
import { parseStatements } from './parse-statements';
import { statementToEvent } from './statement-to-event';
import { validateStatement } from './validate-statement';

export type XapiPostAnswer =
  { status: 200; ids: string[]; result: IngestResult } | { status: 400; body: { error: string; accepted: 0; rejected: number; errors: IngestError[] } };

export interface XapiPostOptions {
  /** Who sends: its subject is the statements' authority, its token decides which companies it may write. */
  writer: Viewer;
  now?: Date;
}

export async function postStatements(ingest: IngestService, body: Buffer, options: XapiPostOptions): Promise<XapiPostAnswer> {
  const parsed = parseStatements(body);
  if ('fatal' in parsed) return refuse(parsed.fatal, 0, [{ line: 0, field: '', message: parsed.fatal }]);
  const stored = options.now ?? new Date();
  const errors: IngestError[] = [];
  const records: BodyRecord[] = [];
  const ids: string[] = [];
  const seen = new Map<string, number>();
  parsed.statements.forEach((statement, index) => {
    const line = index + 1;
    const problems = validateStatement(statement);
    for (const path of parsed.duplicates.get(index) ?? []) {
      problems.push({ field: path, message: `${path} appears twice in the same object: every xAPI property may be used at most once` });
    }
    const given = (statement as { id?: unknown } | null)?.id;
    const id = typeof given === 'string' ? given.toLowerCase() : randomUUID();
    ids.push(id);
    if (typeof given === 'string') {
      const earlier = seen.get(id);
      if (earlier !== undefined)
        problems.push({ field: 'id', message: `id ${given} is also the id of statement ${earlier} of this batch: statement ids must be unique` });
      seen.set(id, line);
    }
    if (problems.length > 0) {
      for (const p of problems) errors.push({ line, ...p });
      return;
    }
    const mapped = statementToEvent(statement as Record<string, unknown>, { id, stored, authority: options.writer.subject });
    if (!mapped.ok) {
      errors.push({ line, field: mapped.field, message: mapped.message });
      return;
    }
    // A company's own credentials (an authoring tool set up for that company) write its learners:
    // a statement that names no company is that company's.
    if (options.writer.companyId !== null && mapped.event.company_id === undefined) mapped.event.company_id = options.writer.companyId;
    records.push({ line, value: mapped.event });
  });
  const count = parsed.statements.length;
  if (errors.length > 0) return refuse(summary(errors, count), count, errors);

  const { result } = await ingest.ingest(records, { allOrNothing: true, requestHash: createHash('sha256').update(body).digest('hex'), writer: options.writer });
  // The event model is stricter in places xAPI is not (a timestamp before 2000 or more than a day ahead).
  if (result.errors.length > 0) return refuse(summary(result.errors, count), count, result.errors);
  // A 202 of the ingest path (stored, rollups completing from its journal) is a stored statement to xAPI: 200.
  return { status: 200, ids, result };
}

function summary(errors: IngestError[], count: number): string {
  const bad = new Set(errors.map((e) => e.line)).size;
  return `${bad} of ${count} statement(s) are not valid, so none was stored (an xAPI batch is all or nothing): fix the statements listed in errors and send the batch again`;
}

function refuse(error: string, count: number, errors: IngestError[]): XapiPostAnswer {
  return { status: 400, body: { error, accepted: 0, rejected: count, errors } };
}
