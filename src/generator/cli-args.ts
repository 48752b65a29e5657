import { DAY } from './calendar';
import type { GeneratorOptions } from './options';

export type Destination = { kind: 'file'; path: string } | { kind: 'http'; url: string };

export interface GenerateCliOptions extends GeneratorOptions {
  destination: Destination;
  /** Events per POST (only used with --url). */
  batch: number;
  /** Parallel POSTs (only used with --url). */
  concurrency: number;
}

export type GenerateCliCommand = { help: true } | ({ help: false } & GenerateCliOptions);

/** A bad command line: the CLI prints the message and the usage, and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const GENERATE_USAGE = `Usage: npm run generate -- [options] (--out FILE | --url URL)

Generates realistic, deterministic learning events (NDJSON, one JSON object per line).

  --events N        events to generate, exactly (default 100000)
  --companies C     enterprise customers, 0 for solo learners only (default 5)
  --learners L      learners (default 2000)
  --courses K       courses (default 12)
  --days D          length of the period in days (default 90)
  --seed S          random seed, same seed gives the same output (default 42)
  --end YYYY-MM-DD  exclusive end of the period, UTC (default: tomorrow, so today is included)
  --out FILE        write NDJSON to FILE ('-' for stdout)
  --url URL         POST NDJSON batches to URL, e.g. http://localhost:4000/v1/events,
                    with the bearer token in LEARNMETRICS_TOKEN (npm run token -- --role ingest)
  --batch N         events per POST with --url (default 5000)
  --concurrency N   parallel POSTs with --url (default 4)
  --help            show this help
`;

interface IntegerFlag {
  key: 'events' | 'companies' | 'learners' | 'courses' | 'days' | 'seed' | 'batch' | 'concurrency';
  min: number;
  max: number;
}

const INTEGER_FLAGS: Record<string, IntegerFlag> = {
  '--events': { key: 'events', min: 1, max: Number.MAX_SAFE_INTEGER },
  '--companies': { key: 'companies', min: 0, max: 100_000 },
  '--learners': { key: 'learners', min: 1, max: 100_000_000 },
  '--courses': { key: 'courses', min: 1, max: 100_000 },
  '--days': { key: 'days', min: 1, max: 3_650 },
  '--seed': { key: 'seed', min: 0, max: Number.MAX_SAFE_INTEGER },
  '--batch': { key: 'batch', min: 1, max: 1_000_000 },
  '--concurrency': { key: 'concurrency', min: 1, max: 256 },
};
const STRING_FLAGS = new Set(['--end', '--out', '--url']);

function parseInteger(flag: string, raw: string, spec: IntegerFlag): number {
  // Underscores are allowed as digit separators: --events 1_000_000.
  const value = /^\d[\d_]*$/.test(raw) ? Number(raw.replace(/_/g, '')) : NaN;
  if (!Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
    const range = spec.max === Number.MAX_SAFE_INTEGER ? `>= ${spec.min}` : `from ${spec.min} to ${spec.max}`;
    throw new UsageError(`${flag} must be a whole number ${range}, got '${raw}'`);
  }
  return value;
}

function parseEnd(raw: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== raw) {
    throw new UsageError(`--end must be a date as YYYY-MM-DD, got '${raw}'`);
  }
  return date;
}

function parseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be an http(s) URL, got '${raw}'`);
  }
  return url.toString();
}

/** Today at 00:00 UTC plus one day, so the default period includes today. */
export function defaultEnd(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY) * DAY + DAY);
}

/**
 * Parses the generator's command line (without the node and script arguments). Accepts
 * `--flag value` and `--flag=value`. Throws UsageError on anything it does not understand.
 */
export function parseGenerateArgs(argv: readonly string[], now: Date = new Date()): GenerateCliCommand {
  const numbers = { events: 100_000, companies: 5, learners: 2_000, courses: 12, days: 90, seed: 42, batch: 5_000, concurrency: 4 };
  const strings: Record<string, string> = {};
  const seen = new Set<string>();

  if (argv.includes('--help') || argv.includes('-h')) return { help: true };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);

    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!(flag in INTEGER_FLAGS) && !STRING_FLAGS.has(flag)) throw new UsageError(`unknown flag ${flag}`);
    if (seen.has(flag)) throw new UsageError(`${flag} given more than once`);
    seen.add(flag);

    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${flag} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`${flag} needs a value`);

    const spec = INTEGER_FLAGS[flag];
    if (spec) numbers[spec.key] = parseInteger(flag, value, spec);
    else strings[flag] = value;
  }

  const out = strings['--out'];
  const url = strings['--url'];
  if (out !== undefined && url !== undefined) throw new UsageError('give either --out or --url, not both');
  if (out === undefined && url === undefined) throw new UsageError('say where the events go: --out FILE or --url URL');
  const destination: Destination = out !== undefined ? { kind: 'file', path: out } : { kind: 'http', url: parseUrl(url as string) };

  const end = strings['--end'] !== undefined ? parseEnd(strings['--end']) : defaultEnd(now);
  return { help: false, ...numbers, end, destination };
}
