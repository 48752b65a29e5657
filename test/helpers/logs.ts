import type { LogLevel } from '../../src/config/config';
import { createLogger, type Logger } from '../../src/observability/logger';

export interface CapturedLogs {
  /** A logger writing into this capture (pass it to createServices or startTestServer). */
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line written so far, as written (to assert that a string appears nowhere). */
  text(): string;
}

/** The real pino logger with a destination stream that keeps its lines in memory. */
export function captureLogs(level: LogLevel = 'debug'): CapturedLogs {
  const written: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void written.push(line) } });
  return {
    logger,
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => written.join(''),
  };
}
