import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger };

export interface LoggerOptions {
  level: LogLevel;
  /** Where the JSON lines go; default stdout (synchronously). Tests pass a stream that keeps the lines. */
  destination?: DestinationStream;
}

/**
 * The process's structured logger: one JSON object per line (pino), `level` as a word and
 * `time` as ISO-8601 so a line reads without a formatter. Nothing logs request headers; the
 * redaction below is a second wall in case a future call passes a header bag or a token field.
 */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'learnmetrics', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['authorization', 'token', 'headers.authorization', 'req.headers.authorization', '*.authorization', '*.token'],
        censor: '[redacted]',
      },
    },
    // Synchronous writes to stdout: a line is out before the next statement runs, so it is not
    // lost when the process exits or crashes, and it keeps its place among plain console output.
    // One line per request costs microseconds; switch to pino.destination({ sync: false }) only if
    // profiling ever says otherwise.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * The fields that carry a thrown value: `err` for anything error-like (pino serialises its
 * message, stack and own fields such as ClickHouse's `code` and `type`), `detail` otherwise.
 * Duck-typed, not `instanceof Error`: errors made in another realm (Node's own socket errors
 * under a test sandbox) are errors too.
 */
export function errorFields(error: unknown): { err: Error } | { detail: string } {
  return isErrorLike(error) ? { err: error } : { detail: String(error) };
}

export function errorMessage(error: unknown): string {
  return isErrorLike(error) ? error.message : String(error);
}

function isErrorLike(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}
