import path from 'node:path';
import { loadLimitsConfig, type LimitsConfig } from './limits-config';
import { loadServingConfig, type ServingConfig } from './serving-config';
import { xapiCredentialsFromEnv, type XapiCredential } from './xapi-credentials';
import { reportingTimezonesFromEnv } from './reporting-timezones';
import { loadTokenHygieneConfig, type TokenHygieneConfig } from './token-config';

/** pino's levels, the values of LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every environment variable the service reads, parsed once. The README's configuration table mirrors this file. */
export interface Config {
  port: number;
  /**
   * How long an idle keep-alive connection stays open, seconds (HTTP_KEEP_ALIVE_SECONDS, default 65).
   * Longer than the idle timeout of common clients and load balancers (60 s), so the server is never
   * the side that closes an idle connection first: a client that reuses a connection the instant
   * the server drops it gets ECONNRESET on a request the server never read.
   */
  httpKeepAliveSeconds: number;
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
  /**
   * How bound values reach ClickHouse (CLICKHOUSE_SQL_RENDERING): `params` as query_params (the
   * default on a server), `literals` as typed, escaped literals in parameter-free SQL (the
   * default on the embedded engine, which runs them in parallel on its session pool; chdb
   * serializes every parameterized call process-wide, so `params` there means one at a time).
   */
  sqlRendering: 'params' | 'literals';
  /** Largest accepted ingest body, bytes, after gzip decompression. */
  ingestMaxBodyBytes: number;
  /** Most events in one ingest request. */
  ingestMaxEvents: number;
  /** Reject event types that are not in the catalogue. */
  ingestStrict: boolean;
  /** An event_id received again within this many seconds is stored and counted once. */
  dedupWindowSeconds: number;
  /** Where in-flight ingest batches are journaled (docs/ingest.md); default DATA_DIR/ingest-journal. */
  ingestJournalDir?: string;
  /** How long a graceful stop waits for in-flight ingests, seconds. */
  ingestDrainSeconds: number;
  /** Key prefix of the ingest dedup in Redis (REDIS_URL set); default `learnmetrics:ingest:{DATABASE}:` (the braces keep one database's keys in one Redis Cluster slot). */
  ingestRedisPrefix?: string;
  /** How long an event id reserved in Redis stays reserved if its replica dies before storing it, seconds (INGEST_RESERVATION_SECONDS, default 120). */
  ingestReservationSeconds?: number;
  /** Longest period a metric may ask for, days (DAY granularity and coarser). */
  maxPeriodDays: number;
  /** Longest period at HOUR granularity, days. */
  maxHourPeriodDays: number;
  /**
   * Privacy threshold of partner views (PRIVACY_MIN_LEARNERS, default 5): a figure about fewer
   * distinct learners is withheld (null, reported in the response's `extensions.privacy`).
   * 0 turns the threshold off. Admin and analyst views are never thresholded.
   */
  privacyMinLearners: number;
  /** PARTNER_REPORTING_TIMEZONES: the one timezone each company's partner periods are cut in (default UTC; src/config/reporting-timezones.ts). */
  partnerReportingTimezones: ReadonlyMap<string, string>;
  /** Serve the GraphiQL IDE at GET /graphql to browsers (IDE_ENABLED); default on unless NODE_ENV=production. */
  ideEnabled: boolean;
  /** GraphQL introspection (INTROSPECTION_ENABLED); default on unless NODE_ENV=production. */
  introspectionEnabled: boolean;
  /** Browser origins allowed to call the API cross-origin (CORS_ORIGINS, comma-separated); empty = no CORS headers at all. */
  corsOrigins: string[];
  /** Requests per minute per token on /graphql (RATE_LIMIT_PER_MINUTE); also the burst. 0 = no limit. */
  rateLimitPerMinute: number;
  /** Requests per minute per token on /v1/events (RATE_LIMIT_INGEST_PER_MINUTE); also the burst. 0 = no limit. */
  rateLimitIngestPerMinute: number;
  /** Redis shared by every replica (REDIS_URL): the rate limit buckets, and the ingest dedup (event ids, Idempotency-Keys; docs/ingest.md); unset = this process's memory and the embedded tables. */
  redisUrl?: string;
  /** Prefix of the rate limit keys in Redis (RATE_LIMIT_REDIS_PREFIX). */
  rateLimitRedisPrefix: string;
  /** HS256 secret for bearer tokens (AUTH_JWT_SECRET); in development a per-data-dir secret is made when unset. */
  authJwtSecret?: string;
  /** The identity service's JWKS (RS256/ES256); takes precedence over the secret. */
  authJwksUrl?: string;
  authIssuer?: string;
  authAudience?: string;
  /** Token lifetimes per role, clock skew, and iss/aud required in production (src/config/token-config.ts). */
  tokens: TokenHygieneConfig;
  /** pino level of the JSON logs (LOG_LEVEL): fatal, error, warn, info (default), debug, trace or silent. */
  logLevel: LogLevel;
  /** A ClickHouse query taking at least this many milliseconds logs a warn line with its query id (SLOW_QUERY_MS, default 1000; 0 = every query). */
  slowQueryMs: number;
  /** Bearer token that opens GET /metrics to any address (METRICS_TOKEN); unset = /metrics answers loopback only. */
  metricsToken?: string;
  /** Depth, aliases, root fields, list sizes, batch size, cost budgets and ClickHouse settings per role (src/config/limits-config.ts). */
  limits: LimitsConfig;
  /** Parallel statements, lanes, queue bounds (src/config/serving-config.ts, docs/serving.md). */
  serving: ServingConfig;
  /** LRS-style Basic credentials of POST /xapi/statements, each mapped to an ingest token (XAPI_BASIC_CREDENTIALS, src/config/xapi-credentials.ts). */
  xapiCredentials: XapiCredential[];
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

function logLevelFromEnv(env: NodeJS.ProcessEnv, name: string): LogLevel {
  const raw = env[name];
  if (raw === undefined || raw === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new Error(`${name}=${raw} is not a log level: use one of ${LOG_LEVELS.join(', ')}`);
  return raw as LogLevel;
}

function sqlRenderingFromEnv(env: NodeJS.ProcessEnv): 'params' | 'literals' {
  const raw = env.CLICKHOUSE_SQL_RENDERING;
  // The embedded engine runs only parameter-free SQL in parallel; a server binds query_params per query.
  if (raw === undefined || raw === '') return env.CLICKHOUSE_URL ? 'params' : 'literals';
  if (raw === 'params' || raw === 'literals') return raw;
  throw new Error(`CLICKHOUSE_SQL_RENDERING=${raw} is not a rendering: use params (query_params) or literals (parameter-free SQL)`);
}

function flagFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`${name}=${raw} is not a flag: use true/1 or false/0`);
}

/** `https://a.example.com,https://b.example.com`: each entry must be exactly an origin (scheme, host, optional port; no path, no `*`). */
function originsFromEnv(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (!raw) return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        origin = undefined;
      }
      if (origin !== entry) throw new Error(`${name}: "${entry}" is not an origin: write it as scheme://host[:port], e.g. https://admin.example.com`);
      return entry;
    });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv(env, 'PORT', 4000),
    httpKeepAliveSeconds: intFromEnv(env, 'HTTP_KEEP_ALIVE_SECONDS', 65),
    nodeEnv: env.NODE_ENV ?? 'development',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    clickhouseUrl: env.CLICKHOUSE_URL || undefined,
    clickhouseUser: env.CLICKHOUSE_USER || 'default',
    clickhousePassword: env.CLICKHOUSE_PASSWORD ?? '',
    database: assertIdentifier(env.CLICKHOUSE_DATABASE || 'learnmetrics', 'CLICKHOUSE_DATABASE'),
    demoData: env.DEMO_DATA !== '0' && env.DEMO_DATA !== 'false',
    rawRetentionDays: intFromEnv(env, 'RAW_RETENTION_DAYS', 0),
    queryTimeoutSeconds: intFromEnv(env, 'QUERY_TIMEOUT_SECONDS', 30),
    sqlRendering: sqlRenderingFromEnv(env),
    ingestMaxBodyBytes: intFromEnv(env, 'INGEST_MAX_BODY_BYTES', 10 * 1024 * 1024),
    ingestMaxEvents: intFromEnv(env, 'INGEST_MAX_EVENTS', 50_000),
    ingestStrict: env.INGEST_STRICT === '1' || env.INGEST_STRICT === 'true',
    dedupWindowSeconds: maxFromEnv(env, 'DEDUP_WINDOW_SECONDS', 86_400, 604_800, 'the event_ids table keeps ids for 7 days (0010_event_ids.sql)'),
    ingestJournalDir: env.INGEST_JOURNAL_DIR ? path.resolve(env.INGEST_JOURNAL_DIR) : undefined,
    ingestDrainSeconds: intFromEnv(env, 'INGEST_DRAIN_SECONDS', 30),
    ingestRedisPrefix: env.INGEST_REDIS_PREFIX || undefined,
    ingestReservationSeconds: intFromEnv(env, 'INGEST_RESERVATION_SECONDS', 120),
    maxPeriodDays: intFromEnv(env, 'MAX_PERIOD_DAYS', 400),
    maxHourPeriodDays: intFromEnv(env, 'MAX_HOUR_PERIOD_DAYS', 31),
    privacyMinLearners: intFromEnv(env, 'PRIVACY_MIN_LEARNERS', 5),
    partnerReportingTimezones: reportingTimezonesFromEnv(env),
    ideEnabled: flagFromEnv(env, 'IDE_ENABLED', env.NODE_ENV !== 'production'),
    introspectionEnabled: flagFromEnv(env, 'INTROSPECTION_ENABLED', env.NODE_ENV !== 'production'),
    corsOrigins: originsFromEnv(env, 'CORS_ORIGINS'),
    rateLimitPerMinute: intFromEnv(env, 'RATE_LIMIT_PER_MINUTE', 600),
    rateLimitIngestPerMinute: intFromEnv(env, 'RATE_LIMIT_INGEST_PER_MINUTE', 300),
    redisUrl: env.REDIS_URL || undefined,
    rateLimitRedisPrefix: env.RATE_LIMIT_REDIS_PREFIX || 'learnmetrics:ratelimit:',
    authJwtSecret: env.AUTH_JWT_SECRET || undefined,
    authJwksUrl: env.AUTH_JWKS_URL || undefined,
    authIssuer: env.AUTH_ISSUER || undefined,
    authAudience: env.AUTH_AUDIENCE || undefined,
    tokens: loadTokenHygieneConfig(env),
    logLevel: logLevelFromEnv(env, 'LOG_LEVEL'),
    slowQueryMs: intFromEnv(env, 'SLOW_QUERY_MS', 1000),
    metricsToken: env.METRICS_TOKEN || undefined,
    limits: loadLimitsConfig(env),
    serving: loadServingConfig(env),
    xapiCredentials: xapiCredentialsFromEnv(env.XAPI_BASIC_CREDENTIALS),
  };
}
