import { parseArgs } from 'node:util';

export const IMPORT_USAGE = `usage: npm run import:postgres -- --url postgres://user:password@host:5432/db [options]

Backfills the course platform's PostgreSQL analytics_events table into the configured
ClickHouse database (CLICKHOUSE_* environment, as the API). See docs/postgres-import.md.

  --url URL          PostgreSQL connection URL (or the IMPORT_POSTGRES_URL environment variable,
                     which keeps the password out of the process list)
  --table NAME       source table, or schema.table (default analytics_events)
  --since ISO        only rows with "timestamp" at or after this time: 2024-06-01 (UTC) or
                     2024-06-01T00:00:00Z
  --batch N          rows per batch, 1-100000 (default 5000)
  --no-resume        ignore the stored progress and read from --since (or the beginning);
                     events already imported are recognised and not stored again
  --max-batches N    stop after N batches; the next run resumes after them
  --dry-run          map and validate only: report what would be imported, store nothing
  --catalog          import the curriculum instead (courses, modules, topics, classes) into the
                     catalogue, as PUT /v1/catalog/courses/{id}: an unchanged course stores nothing
  --help             this text

Exit codes: 0 done (rejected rows are listed in the report), 1 failed, 2 bad command line.
`;

export class ImportUsageError extends Error {}

export interface ImportCommand {
  help: boolean;
  /** --catalog: the curriculum tables into the catalogue instead of events. */
  catalog?: boolean;
  url: string;
  table: string;
  since?: Date;
  batchSize: number;
  resume: boolean;
  dryRun: boolean;
  maxBatches?: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new ImportUsageError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

export function parseSince(value: string): Date {
  const iso = DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value;
  const ms = DATE_ONLY.test(value) || DATE_TIME.test(value) ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms) || ms < Date.UTC(1900, 0, 1)) {
    throw new ImportUsageError(
      `--since must be a date (2024-06-01, UTC) or a date-time with a time zone (2024-06-01T08:00:00Z) from 1900 on, got ${JSON.stringify(value)}`,
    );
  }
  return new Date(ms);
}

export function parseImportArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ImportCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        url: { type: 'string' },
        table: { type: 'string', default: 'analytics_events' },
        since: { type: 'string' },
        batch: { type: 'string', default: '5000' },
        resume: { type: 'boolean' },
        'no-resume': { type: 'boolean' },
        'max-batches': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        catalog: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new ImportUsageError((error as Error).message);
  }
  const url = values.url ?? env.IMPORT_POSTGRES_URL ?? '';
  if (values.help) return { help: true, url, table: values.table, batchSize: 5000, resume: true, dryRun: false };
  if (url === '') throw new ImportUsageError('--url (or IMPORT_POSTGRES_URL) is required: postgres://user:password@host:5432/database');
  if (values.resume && values['no-resume']) throw new ImportUsageError('--resume and --no-resume contradict each other');
  return {
    help: false,
    ...(values.catalog ? { catalog: true } : {}),
    url,
    table: values.table,
    since: values.since === undefined ? undefined : parseSince(values.since),
    batchSize: wholeNumber(values.batch, '--batch', 1, 100_000),
    resume: !values['no-resume'],
    dryRun: values['dry-run'],
    maxBatches: values['max-batches'] === undefined ? undefined : wholeNumber(values['max-batches'], '--max-batches', 1, Number.MAX_SAFE_INTEGER),
  };
}
