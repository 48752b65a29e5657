import { once } from 'node:events';
import { Redis } from 'ioredis';
import { MemoryRateLimitStore } from './rate-limit-store.memory';
import type { BucketDecision, BucketSpec, RateLimitStore } from './rate-limit-store';

/**
 * The token bucket as one Lua script, so read-refill-take-write is atomic in Redis however many
 * replicas call it at once. The clock is Redis's own (TIME), so replicas with skewed clocks
 * still agree. The bucket is a hash {tokens, at}; it expires once it would be full again, so
 * idle tokens cost no memory. Redis 7 replicates scripts by effect, so TIME is allowed here.
 * Returns {allowed 0|1, whole tokens left, ms until the next token when refused}.
 */
const TAKE_TOKEN = `
local capacity = tonumber(ARGV[1])
local refill_per_ms = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(stored[1])
local at = tonumber(stored[2])
if tokens == nil or at == nil then
  tokens = capacity
else
  tokens = math.min(capacity, tokens + math.max(0, now - at) * refill_per_ms)
end
local allowed = 0
local retry_ms = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry_ms = math.ceil((1 - tokens) / refill_per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / refill_per_ms) + 1000)
return {allowed, math.floor(tokens), retry_ms}
`;

type WithTakeToken = Redis & { takeToken(key: string, capacity: string, refillPerMs: string): Promise<[number, number, number]> };

/** How long start-up waits for Redis before serving with the fallback buckets. */
const READY_TIMEOUT_MS = 2000;

/**
 * Buckets in Redis, shared by every replica (REDIS_URL).
 *
 * Redis down: fail open to this process's memory buckets, with one logged warning per outage
 * (and one when Redis is back). The limit then holds per replica instead of across them (at
 * most replicas x the limit) rather than disappearing, and a Redis outage does not take the
 * analytics API down with it: the limit guards capacity, it is not an access control (tokens,
 * roles, tenancy and per-request cost limits still apply in full). Commands fail fast (no
 * offline queue, short timeouts), so an outage adds milliseconds, not seconds, to requests.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: WithTakeToken;
  private readonly fallback = new MemoryRateLimitStore();
  private degraded = false;

  private constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: (line: string) => void,
  ) {
    const redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      commandTimeout: 500,
      // ioredis arms this timer even when the socket is already closed (Redis down): keep it short
      // so a stopped server does not hold the process open for the default 2 s.
      disconnectTimeout: 200,
      // Keep reconnecting in the background (every 2 s at most) for as long as the server runs.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
    // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
    redis.on('error', (error: Error) => this.markDegraded(error));
    redis.on('ready', () => {
      if (this.degraded) this.log('[rate-limit] Redis is back: buckets are shared across replicas again');
      this.degraded = false;
    });
    this.redis = redis as WithTakeToken;
  }

  /** Connects, waiting up to 2 s; when Redis does not answer the server still starts, on the fallback buckets. */
  static async connect(url: string, prefix: string, log: (line: string) => void = console.warn): Promise<RedisRateLimitStore> {
    const store = new RedisRateLimitStore(url, prefix, log);
    const ready = once(store.redis, 'ready');
    store.redis.connect().catch(() => {}); // reported by the 'error' listener
    const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, READY_TIMEOUT_MS, 'timeout').unref());
    const outcome = await Promise.race([
      ready.then(
        () => 'ready' as const,
        () => 'timeout' as const,
      ),
      timer,
    ]);
    if (outcome === 'timeout') store.markDegraded(new Error(`no answer from ${redactUrl(url)} within ${READY_TIMEOUT_MS} ms`));
    return store;
  }

  async take(key: string, spec: BucketSpec): Promise<BucketDecision> {
    if (this.redis.status === 'ready') {
      try {
        const [allowed, remaining, retryAfterMs] = await this.redis.takeToken(this.prefix + key, String(spec.capacity), String(spec.refillPerMs));
        return { allowed: allowed === 1, remaining: Number(remaining), retryAfterMs: Number(retryAfterMs) };
      } catch (error) {
        this.markDegraded(error as Error);
      }
    } else {
      this.markDegraded(new Error(`connection ${this.redis.status}`));
    }
    return this.fallback.takeNow(key, spec);
  }

  async close(): Promise<void> {
    await this.fallback.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private markDegraded(error: Error) {
    if (this.degraded) return;
    this.degraded = true;
    this.log(`[rate-limit] Redis unavailable (${error.message}): limiting per replica, in memory, until it is back`);
  }
}

/** The URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
