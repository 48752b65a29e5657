/**
 * Error shapes and message helpers shared by the ingest validation layer (pure, no I/O).
 * Every message says what was wrong and what is expected, so a producer can fix its payload
 * from the HTTP response alone.
 */

/** One problem with one event. `field` is the canonical snake_case name ('' = the event itself). */
export interface FieldError {
  field: string;
  message: string;
}

/** A problem that rejects a whole request body (the HTTP status to answer with). */
export interface FatalBodyError {
  status: number;
  message: string;
}

const MAX_SHOWN_CHARS = 60;

/** A short, readable rendering of a received value for error messages: `"abc"`, `42`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value;
    const quoted = JSON.stringify(shown);
    return value.length > MAX_SHOWN_CHARS ? `${quoted} (${value.length} characters)` : quoted;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** 86_400_000 -> "24h", 90_000 -> "90s", 1500 -> "1500ms". */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}min`;
  if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** 1_048_576 -> "1 MiB", 65_536 -> "64 KiB", 100 -> "100 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes !== 0 && bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB`;
  if (bytes !== 0 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
