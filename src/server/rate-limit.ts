import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { bearerToken } from '../auth/tokens';
import type { Viewer } from '../domain/viewer';
import type { Config } from '../config/config';
import { currentRequest } from '../observability/request-context';
import { MemoryRateLimitStore } from './rate-limit-store.memory';
import { RedisRateLimitStore } from './rate-limit-store.redis';
import type { RateLimitStore } from './rate-limit-store';

/** The two budgets: reading (`graphql`: /graphql and the REST read routes) and writing events (/v1/events). A token has one bucket for each. */
export type RateLimitClass = 'graphql' | 'ingest';

export interface RateLimiter {
  /** Express middleware for one budget; mount after authentication (it reads res.locals.viewer). */
  middleware(kind: RateLimitClass): RequestHandler;
  /** Where the buckets live: `memory` or `redis`. */
  readonly store: 'memory' | 'redis';
  close(): Promise<void>;
}

/**
 * Per-token token buckets: capacity = the per-minute limit (so a client may burst its whole
 * minute at once), refilled continuously. In memory by default; in Redis when REDIS_URL is set,
 * so every replica spends from the same bucket. A limit of 0 turns that budget off.
 */
export interface RateLimiterHooks {
  /** Called for every request answered 429 (the rejections metric). */
  onRejected?: (kind: RateLimitClass, viewer: Viewer | undefined) => void;
  /** Where the Redis store reports an outage and its end; default console.warn. */
  warn?: (line: string) => void;
}

export async function createRateLimiter(
  config: Pick<Config, 'rateLimitPerMinute' | 'rateLimitIngestPerMinute' | 'redisUrl' | 'rateLimitRedisPrefix'>,
  hooks: RateLimiterHooks = {},
): Promise<RateLimiter> {
  const store: RateLimitStore = config.redisUrl
    ? await RedisRateLimitStore.connect(config.redisUrl, config.rateLimitRedisPrefix, hooks.warn)
    : new MemoryRateLimitStore();
  const limits: Record<RateLimitClass, number> = { graphql: config.rateLimitPerMinute, ingest: config.rateLimitIngestPerMinute };
  const onRejected = hooks.onRejected ?? (() => {});
  return {
    store: config.redisUrl ? 'redis' : 'memory',
    middleware: (kind) => rateLimitMiddleware(store, kind, limits[kind], onRejected),
    close: () => store.close(),
  };
}

function rateLimitMiddleware(
  store: RateLimitStore,
  kind: RateLimitClass,
  perMinute: number,
  onRejected: NonNullable<RateLimiterHooks['onRejected']>,
): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  const spec = { capacity: perMinute, refillPerMs: perMinute / 60_000 };
  return async (req, res, next) => {
    const key = `${kind}:${bucketKey(res.locals.viewer as Viewer | undefined, req.get('authorization'))}`;
    const decision = await store.take(key, spec);
    res.set({ 'RateLimit-Limit': String(perMinute), 'RateLimit-Remaining': String(decision.remaining) });
    if (decision.allowed) {
      next();
      return;
    }
    onRejected(kind, res.locals.viewer as Viewer | undefined);
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    res
      .status(429)
      .set('Retry-After', String(retryAfterSeconds))
      .json({
        error: `rate limit exceeded: ${perMinute} requests per minute per token ${kind === 'ingest' ? 'on /v1/events' : 'for reads (GraphQL and REST)'}; retry in ${retryAfterSeconds} s`,
        limitPerMinute: perMinute,
        retryAfterSeconds,
        requestId: currentRequest()?.requestId,
      });
  };
}

/**
 * Who spends from a bucket: the token's subject, role and company, so new tokens minted for
 * the same subject share one budget (minting more does not buy more), and a token without a
 * `sub` is keyed by itself. Hashed: neither the token nor the subject is stored in Redis.
 */
export function bucketKey(viewer: Viewer | undefined, authorization: string | undefined): string {
  const identity = viewer?.subject ? `sub\n${viewer.role}\n${viewer.companyId ?? ''}\n${viewer.subject}` : `token\n${safeBearer(authorization)}`;
  return createHash('sha256').update(identity).digest('base64url').slice(0, 32);
}

function safeBearer(authorization: string | undefined): string {
  try {
    return bearerToken(authorization) ?? '';
  } catch {
    return '';
  }
}
