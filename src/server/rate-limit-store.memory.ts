import type { BucketDecision, BucketSpec, RateLimitStore } from './rate-limit-store';

interface Bucket {
  tokens: number;
  /** When `tokens` was computed, ms. */
  at: number;
  /** When the bucket will be full again (so forgetting it changes nothing), ms. */
  fullAt: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Token buckets in this process's memory: the default, and what a Redis store falls back to
 * while Redis is down. Idle buckets are dropped once they would have refilled, so memory stays
 * proportional to the tokens active in the last minute.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = Date.now();

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, spec: BucketSpec): Promise<BucketDecision> {
    return this.takeNow(key, spec);
  }

  /** Synchronous, so two concurrent requests cannot both spend the last token. */
  takeNow(key: string, { capacity, refillPerMs }: BucketSpec): BucketDecision {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key);
    let tokens = bucket ? Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * refillPerMs) : capacity;
    let retryAfterMs = 0;
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    else retryAfterMs = Math.ceil((1 - tokens) / refillPerMs);
    this.buckets.set(key, { tokens, at: now, fullAt: now + (capacity - tokens) / refillPerMs });
    return { allowed, remaining: Math.floor(tokens), retryAfterMs };
  }

  private sweep(now: number) {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (bucket.fullAt <= now) this.buckets.delete(key);
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
