import os from 'node:os';

/** How queries are run in parallel and queued (docs/serving.md). */
export interface ServingConfig {
  /**
   * Statements running at once (CLICKHOUSE_CONCURRENCY): the embedded engine's session pool,
   * or the HTTP connections to a server. Default: the core count (embedded), 8 (server).
   */
  concurrency: number;
  /** Of those, at most this many heavy (raw-event) statements (HEAVY_QUERY_SLOTS, default concurrency - 1, at least 1). */
  heavySlots: number;
  /** max_threads of a heavy statement that starts while others run or wait (HEAVY_QUERY_MAX_THREADS; default 1 on the embedded engine, 0 = no cap, on a server). */
  heavyMaxThreads: number;
  /**
   * os_thread_priority (a nice value, 0-19) of a heavy statement's engine threads
   * (HEAVY_QUERY_NICE; default 19 on the embedded engine, where they share the cores with the API
   * process, 0 = unchanged on a server). Raising it needs no privilege.
   */
  heavyNice: number;
  /** Statements waiting for a slot, all tenants (QUERY_QUEUE_MAX, default 200); past it 503. */
  queueMax: number;
  /** Statements of one tenant waiting for a slot (QUERY_QUEUE_MAX_PER_TENANT, default 50); past it 503. */
  queueMaxPerTenant: number;
  /** Retry-After of a 503 from a full queue, seconds (QUERY_QUEUE_RETRY_AFTER_SECONDS, default 2). */
  retryAfterSeconds: number;
  /**
   * Seconds one request may take, all its queries together, per role (PARTNER_REQUEST_DEADLINE,
   * ANALYST_…, ADMIN_…; default 10, 20, 30, fractions allowed). Past it: QUERY_TIMEOUT, no data.
   */
  requestDeadlineSeconds: Record<'partner' | 'analyst' | 'admin', number>;
  /**
   * Bytes of GraphQL answers kept in the answer cache; 0 = off. ANSWER_CACHE=1 turns it on with
   * ANSWER_CACHE_MAX_BYTES (default 64 MiB). Off by default: the data version is per process,
   * so it is only exact when every write goes through this process (the embedded engine, or a
   * single API process on a server), and writes from another handle or process (scripts, a
   * second replica) would not invalidate it.
   */
  answerCacheMaxBytes: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}=${raw} is not a whole number of at least ${min}`);
  return value;
}

function nice(env: NodeJS.ProcessEnv, fallback: number): number {
  const value = whole(env, 'HEAVY_QUERY_NICE', fallback, 0);
  if (value > 19) throw new Error(`HEAVY_QUERY_NICE=${value} is not a nice value: use 0 (unchanged) to 19 (lowest priority)`);
  return value;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a number of seconds above 0`);
  return value;
}

function answerCacheBytes(env: NodeJS.ProcessEnv): number {
  const flag = env.ANSWER_CACHE;
  if (flag !== undefined && flag !== '' && !['0', '1', 'true', 'false'].includes(flag)) throw new Error(`ANSWER_CACHE=${flag} is not a flag: use 1 or 0`);
  const on = flag === '1' || flag === 'true';
  return on ? whole(env, 'ANSWER_CACHE_MAX_BYTES', 64 * 1024 * 1024, 0) : 0;
}

export function cores(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

export function loadServingConfig(env: NodeJS.ProcessEnv): ServingConfig {
  const server = Boolean(env.CLICKHOUSE_URL);
  const concurrency = whole(env, 'CLICKHOUSE_CONCURRENCY', server ? 8 : cores(), 1);
  return {
    concurrency,
    heavySlots: whole(env, 'HEAVY_QUERY_SLOTS', Math.max(1, concurrency - 1), 1),
    heavyMaxThreads: whole(env, 'HEAVY_QUERY_MAX_THREADS', server ? 0 : 1, 0),
    heavyNice: nice(env, server ? 0 : 19),
    queueMax: whole(env, 'QUERY_QUEUE_MAX', 200, 0),
    queueMaxPerTenant: whole(env, 'QUERY_QUEUE_MAX_PER_TENANT', 50, 0),
    retryAfterSeconds: whole(env, 'QUERY_QUEUE_RETRY_AFTER_SECONDS', 2, 1),
    answerCacheMaxBytes: answerCacheBytes(env),
    requestDeadlineSeconds: {
      partner: seconds(env, 'PARTNER_REQUEST_DEADLINE', 10),
      analyst: seconds(env, 'ANALYST_REQUEST_DEADLINE', 20),
      admin: seconds(env, 'ADMIN_REQUEST_DEADLINE', 30),
    },
  };
}
