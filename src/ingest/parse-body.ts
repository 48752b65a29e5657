/**
 * Body parsing of the ingest endpoint (pure, no I/O): turns the raw request body into one record
 * per event (a parsed JSON value or a per-line error), or a fatal error for the whole request.
 *
 * - NDJSON (`application/x-ndjson`, `application/ndjson`, `application/jsonl`): one JSON value per
 *   line, `\n` or `\r\n`; blank lines are skipped but line numbers stay those of the body (1-based);
 *   a broken or too long line becomes a record with `error`, the other lines still count. A
 *   line is parsed when it is read (readRecord), not here: see BodyRecord.
 * - `application/json`: an array of events (record line = index + 1) or a single object.
 * - Only UTF-8 (a leading BOM is dropped); invalid UTF-8 anywhere rejects the body.
 */
import { isAscii } from 'node:buffer';
import { formatBytes, type FatalBodyError } from './ingest-errors';

/**
 * One event of a body: its JSON value, or why it has none, or (NDJSON) its line not parsed yet.
 * Read it with readRecord. An NDJSON line is parsed when the validator reads it, so each parsed
 * object is garbage before the next line is parsed: 5,000 of them parsed up front all survived
 * the validation of the batch and were copied by every scavenge (parse, validation and rows of
 * 5,000 events: 32-35 against 29-30 ms, measured).
 */
export interface BodyRecord {
  /** 1-based line of the body (NDJSON) or 1-based index in the JSON array. */
  line: number;
  value?: unknown;
  error?: string;
  /** NDJSON: the line as sent (without its line break); it can be the stored row as it is (event-rows.ts). */
  text?: string;
}

/** The record's JSON value (parsing its line if it has not been parsed), or the error that keeps it from having one. */
export function readRecord(record: BodyRecord): { value: unknown } | { error: string } {
  if (record.error !== undefined) return { error: record.error };
  if (record.text === undefined || 'value' in record) return { value: record.value };
  try {
    return { value: JSON.parse(record.text) as unknown };
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}; expected one JSON event object per line` };
  }
}

export type ParseBodyResult = { records: BodyRecord[] } | { fatal: FatalBodyError };

export interface ParseBodyOptions {
  /** Longest accepted NDJSON line in UTF-8 bytes; default 1 MiB. */
  maxLineBytes?: number;
  /** Most events (records) in one body; default 50,000. */
  maxEvents?: number;
}

export const BODY_LIMITS = {
  maxLineBytes: 1024 * 1024,
  maxEvents: 50_000,
} as const;

export const NDJSON_CONTENT_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'] as const;
export const ACCEPTED_CONTENT_TYPES = [...NDJSON_CONTENT_TYPES, 'application/json'] as const;

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseBody(body: Buffer, contentType: string | undefined, options: ParseBodyOptions = {}): ParseBodyResult {
  const maxLineBytes = options.maxLineBytes ?? BODY_LIMITS.maxLineBytes;
  const maxEvents = options.maxEvents ?? BODY_LIMITS.maxEvents;

  const media = parseContentType(contentType);
  if ('fatal' in media) return media;

  let text: string;
  try {
    // An ASCII body (the usual one) is its own text: a native check and a one-byte copy instead of
    // UTF-8 decoding. It cannot hold a BOM, which the decoder drops from any other body.
    text = isAscii(body) ? body.toString('latin1') : decoder.decode(body);
  } catch {
    return fatal(400, `body is not valid UTF-8${invalidUtf8Offset(body)}; send the events as UTF-8 encoded JSON`);
  }
  if (text.trim() === '') {
    return fatal(400, 'empty body: send one JSON event per line (NDJSON) or a JSON array');
  }

  return media.type === 'application/json' ? parseJson(text, maxEvents) : parseNdjson(text, maxLineBytes, maxEvents);
}

function fatal(status: number, message: string): { fatal: FatalBodyError } {
  return { fatal: { status, message } };
}

function parseContentType(header: string | undefined): { type: string } | { fatal: FatalBodyError } {
  const accepted = `accepted: ${ACCEPTED_CONTENT_TYPES.join(', ')} (charset=utf-8 optional)`;
  if (header === undefined || header.trim() === '') {
    return fatal(415, `missing Content-Type; ${accepted}`);
  }
  const [rawType = '', ...params] = header.split(';');
  const type = rawType.trim().toLowerCase();
  if (!(ACCEPTED_CONTENT_TYPES as readonly string[]).includes(type)) {
    return fatal(415, `unsupported Content-Type "${header.trim()}"; ${accepted}`);
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
    if (name !== 'charset') continue;
    const value =
      eq < 0
        ? ''
        : param
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1')
            .toLowerCase();
    if (value !== 'utf-8' && value !== 'utf8') {
      return fatal(415, `unsupported charset "${value}" in Content-Type; only utf-8 is accepted (${accepted})`);
    }
  }
  return { type };
}

function parseJson(text: string, maxEvents: number): ParseBodyResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const hint = /\}\s*\r?\n\s*\{/.test(text) ? '; to send several events use a JSON array, or NDJSON with Content-Type application/x-ndjson' : '';
    return fatal(400, `invalid JSON body: ${(e as Error).message}${hint}`);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return fatal(400, 'empty JSON array: send at least one event');
    if (value.length > maxEvents) return tooMany(value.length, maxEvents);
    return { records: value.map((v: unknown, i) => ({ line: i + 1, value: v })) };
  }
  if (typeof value === 'object' && value !== null) return { records: [{ line: 1, value }] };
  return fatal(400, `a JSON body must be an event object or an array of event objects, got ${value === null ? 'null' : typeof value}`);
}

function parseNdjson(text: string, maxLineBytes: number, maxEvents: number): ParseBodyResult {
  const lines = text.split('\n');
  // Count first: an oversized batch is rejected before any parsing work.
  let count = 0;
  for (const line of lines) if (!isBlank(line)) count++;
  if (count > maxEvents) return tooMany(count, maxEvents);

  const records: BodyRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (isBlank(line)) continue;
    // A UTF-8 character is 1-3 bytes per UTF-16 code unit: measure only when it could be too long.
    if (line.length * 3 > maxLineBytes) {
      const bytes = Buffer.byteLength(line, 'utf8');
      if (bytes > maxLineBytes) {
        records.push({ line: i + 1, error: `line too long: ${bytes} bytes, at most ${formatBytes(maxLineBytes)} per event` });
        continue;
      }
    }
    records.push({ line: i + 1, text: line });
  }
  return { records };
}

function isBlank(line: string): boolean {
  // An event line starts with its object's brace: no trim (a copy) needed to know it is not blank.
  return line.charCodeAt(0) !== 0x7b && line.trim() === '';
}

function tooMany(count: number, maxEvents: number): { fatal: FatalBodyError } {
  return fatal(413, `too many events in one body: ${count}, at most ${maxEvents} are accepted; split the batch into several requests`);
}

/** " at byte N" for the first invalid UTF-8 sequence (best effort, for the error message). */
function invalidUtf8Offset(body: Buffer): string {
  // A linear scan by sequence; it only runs on rejected bodies.
  let i = 0;
  while (i < body.length) {
    const b = body[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > body.length) return ` (at byte ${i})`;
    try {
      decoder.decode(body.subarray(i, i + len));
    } catch {
      return ` (at byte ${i})`;
    }
    i += len;
  }
  return '';
}
