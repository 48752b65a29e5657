/** One token bucket: `capacity` tokens (the burst), refilled continuously at `refillPerMs`. */
export interface BucketSpec {
  capacity: number;
  refillPerMs: number;
}

export interface BucketDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: ms until one token is back. 0 when allowed. */
  retryAfterMs: number;
}

/** Where buckets live: this process's memory, or Redis shared by every replica. */
export interface RateLimitStore {
  /** Takes one token from the bucket named `key` (creating it full), atomically. */
  take(key: string, spec: BucketSpec): Promise<BucketDecision>;
  close(): Promise<void>;
}
