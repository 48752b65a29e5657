import path from 'node:path';

/** Every environment variable the service reads, parsed once. The README's configuration table mirrors this file. */
export interface Config {
  port: number;
  nodeEnv: string;
  /** Embedded engine data directory (used when clickhouseUrl is empty). */
  dataDir: string;
  clickhouseUrl?: string;
  clickhouseUser: string;
  clickhousePassword: string;
  database: string;
  /** Load the demo dataset into an empty embedded database at start. */
  demoData: boolean;
  /** Raw events retention in days; 0 keeps raw events forever. */
  rawRetentionDays: number;
  /** Default ClickHouse query timeout, seconds. */
  queryTimeoutSeconds: number;
  /** Largest accepted ingest body, bytes, after gzip decompression. */
  ingestMaxBodyBytes: number;
  /** Most events in one ingest request. */
  ingestMaxEvents: number;
  /** Reject event types that are not in the catalogue. */
  ingestStrict: boolean;
  /** An event_id received again within this many seconds is stored and counted once. */
  dedupWindowSeconds: number;
  /** Longest period a metric may ask for, days (DAY granularity and coarser). */
  maxPeriodDays: number;
  /** Longest period at HOUR granularity, days. */
  maxHourPeriodDays: number;
  /** Serve the GraphiQL IDE at GET /graphql to browsers (IDE_ENABLED); default on unless NODE_ENV=production. */
  ideEnabled: boolean;
  /** HS256 secret for bearer tokens (AUTH_JWT_SECRET); in development a per-data-dir secret is made when unset. */
  authJwtSecret?: string;
  /** The identity service's JWKS (RS256/ES256); takes precedence over the secret. */
  authJwksUrl?: string;
  authIssuer?: string;
  authAudience?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`${what} "${name}" is not a valid ClickHouse identifier: use letters, digits and underscores, not starting with a digit`);
  }
  return name;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name}=${raw} is not a non-negative whole number`);
  }
  return value;
}

function maxFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number, why: string): number {
  const value = intFromEnv(env, name, fallback);
  if (value > max) throw new Error(`${name}=${value} is over the maximum of ${max}: ${why}`);
  return value;
}

function flagFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`${name}=${raw} is not a flag: use true/1 or false/0`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv(env, 'PORT', 4000),
    nodeEnv: env.NODE_ENV ?? 'development',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    clickhouseUrl: env.CLICKHOUSE_URL || undefined,
    clickhouseUser: env.CLICKHOUSE_USER || 'default',
    clickhousePassword: env.CLICKHOUSE_PASSWORD ?? '',
    database: assertIdentifier(env.CLICKHOUSE_DATABASE || 'learnmetrics', 'CLICKHOUSE_DATABASE'),
    demoData: env.DEMO_DATA !== '0' && env.DEMO_DATA !== 'false',
    rawRetentionDays: intFromEnv(env, 'RAW_RETENTION_DAYS', 0),
    queryTimeoutSeconds: intFromEnv(env, 'QUERY_TIMEOUT_SECONDS', 30),
    ingestMaxBodyBytes: intFromEnv(env, 'INGEST_MAX_BODY_BYTES', 10 * 1024 * 1024),
    ingestMaxEvents: intFromEnv(env, 'INGEST_MAX_EVENTS', 50_000),
    ingestStrict: env.INGEST_STRICT === '1' || env.INGEST_STRICT === 'true',
    dedupWindowSeconds: maxFromEnv(env, 'DEDUP_WINDOW_SECONDS', 86_400, 604_800, 'the event_ids table keeps ids for 7 days (0010_event_ids.sql)'),
    maxPeriodDays: intFromEnv(env, 'MAX_PERIOD_DAYS', 400),
    maxHourPeriodDays: intFromEnv(env, 'MAX_HOUR_PERIOD_DAYS', 31),
    ideEnabled: flagFromEnv(env, 'IDE_ENABLED', env.NODE_ENV !== 'production'),
    authJwtSecret: env.AUTH_JWT_SECRET || undefined,
    authJwksUrl: env.AUTH_JWKS_URL || undefined,
    authIssuer: env.AUTH_ISSUER || undefined,
    authAudience: env.AUTH_AUDIENCE || undefined,
  };
}
