import type { Redis } from 'ioredis';
import type { IdempotencyStore, StoredAnswer } from './idempotency';
import { ReplicaBusyError } from './replica-busy';

/** Deletes the hold only if it is still this owner's (it may have expired and been taken by another). */
const RELEASE_HOLD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type ScriptedRedis = Redis & { releaseHold(key: string, owner: string): Promise<number> };

/** Another request with the same Idempotency-Key is still running (on another replica) after the wait: retry later, nothing was stored. */
export class KeyInUseError extends ReplicaBusyError {
  constructor(readonly key: string) {
    super(`Idempotency-Key ${JSON.stringify(key)} is in use by a request still running (another API replica); nothing was stored: retry later`);
  }
}

/**
 * Idempotency-Keys and their answers in Redis, shared by every replica (REDIS_URL). The answer
 * is one JSON value under `key:<K>` that expires with the dedup window; while a request with
 * key K runs, `hold:<K>` (SET NX with a TTL, so a dead replica does not keep it) makes the same
 * key wait on every other replica, as the in-process lock does within one.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly owner: string,
    private readonly windowSeconds: number,
    private readonly holdSeconds: number,
    private readonly waitMs = 30_000,
  ) {
    redis.defineCommand('releaseHold', { numberOfKeys: 1, lua: RELEASE_HOLD });
    this.redis = redis as ScriptedRedis;
  }

  async find(key: string): Promise<StoredAnswer | null> {
    const raw = await this.redis.get(`${this.prefix}key:${key}`);
    return raw === null ? null : (JSON.parse(raw) as StoredAnswer);
  }

  async store(answer: Omit<StoredAnswer, 'createdAt'>): Promise<void> {
    const value: StoredAnswer = { ...answer, createdAt: new Date().toISOString() };
    await this.redis.set(`${this.prefix}key:${answer.key}`, JSON.stringify(value), 'EX', this.windowSeconds);
  }

  async hold(key: string): Promise<() => Promise<void>> {
    const hold = `${this.prefix}hold:${key}`;
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      if ((await this.redis.set(hold, this.owner, 'PX', this.holdSeconds * 1000, 'NX')) === 'OK') break;
      if (Date.now() >= deadline) throw new KeyInUseError(key);
      await new Promise((resolve) => setTimeout(resolve, Math.min(20 * 2 ** attempt, 250) * (0.5 + Math.random())));
    }
    return async () => {
      await this.redis.releaseHold(hold, this.owner).catch(() => undefined);
    };
  }
}
