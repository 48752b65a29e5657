import type { Redis } from 'ioredis';
import type { EventIdRegistry } from './event-id-registry';
import { ReplicaBusyError } from './replica-busy';

/**
 * One key per event id: `p:<owner>` while a replica stores it (the reservation, with a TTL so a
 * replica that dies does not hold it for ever), `s:<received_at>` once stored (kept for the
 * dedup window). All-or-nothing: if any id is reserved by another owner, nothing is reserved and
 * the busy ids are returned, so two replicas holding parts of each other's ids can never wait on
 * each other. Otherwise every id not yet stored is reserved for ARGV[1]. Returns {1, indexes of
 * stored ids} or {0, indexes of busy ids} (1-based).
 */
const CLAIM = `
local mine = 'p:' .. ARGV[1]
local stored = {}
local busy = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('GET', key)
  if v then
    if string.sub(v, 1, 2) == 's:' then stored[#stored + 1] = i
    elseif v ~= mine then busy[#busy + 1] = i end
  end
end
if #busy > 0 then return {0, busy} end
local is_stored = {}
for _, i in ipairs(stored) do is_stored[i] = true end
for i, key in ipairs(KEYS) do
  if not is_stored[i] then redis.call('SET', key, mine, 'PX', ARGV[2]) end
end
return {1, stored}
`;

/** Marks ids stored for the window (ARGV[2] ms), whoever reserved them: their rows are in ClickHouse. */
const STORED = `
for _, key in ipairs(KEYS) do redis.call('SET', key, 's:' .. ARGV[1], 'PX', ARGV[2]) end
return #KEYS
`;

/** Drops this owner's reservations (nothing was stored); another owner's or a stored mark stays. */
const RELEASE = `
local mine = 'p:' .. ARGV[1]
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == mine then redis.call('DEL', key) end
end
return #KEYS
`;

/** Takes back the stored marks of one batch (ARGV[1] its received_at): its insert failed. */
const FORGET = `
local mark = 's:' .. ARGV[1]
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == mark then redis.call('DEL', key) end
end
return #KEYS
`;

type ScriptedRedis = Redis & {
  claimIds(...args: (string | number)[]): Promise<[number, number[]]>;
  storeIds(...args: (string | number)[]): Promise<number>;
  releaseIds(...args: (string | number)[]): Promise<number>;
  forgetIds(...args: (string | number)[]): Promise<number>;
};

/** Ids another replica is storing right now, still reserved after the wait: the client retries (503), nothing was stored. */
export class IdsBeingStoredError extends ReplicaBusyError {
  constructor(readonly count: number) {
    super(
      `${count} event id(s) of this request are being stored by another request right now (another API replica); nothing was stored: retry the same request later`,
    );
  }
}

/**
 * Scripts carry at most this many keys (INGEST_MAX_EVENTS' default, so one request is one atomic
 * script: about 10 ms of Redis time at the most). A larger request is claimed chunk by chunk; two
 * such requests crossing each other's chunks both wait `waitMs` and get a 503, never a deadlock.
 */
const CHUNK = 50_000;

/**
 * The event-id check and reservation in Redis, shared by every API replica and ClickHouse node
 * (issue 12, deliverable 5): reserve -> store -> confirm. `claim` reserves the new ids atomically
 * (one Lua script), the batch writer stores the rows, then `stored` turns the reservations into
 * "received" marks for the dedup window; on failure `release` drops them, so a failed insert can
 * be retried at once and nothing acknowledged depends on a reservation.
 *
 * An id reserved by another replica is waited for (it is normally stored within the time of one
 * insert, and then counts as a duplicate here); still reserved after `waitMs`, the request gets
 * a 503 and stores nothing. A replica killed mid-insert leaves its reservations to expire after
 * the reservation TTL; its journal replay at restart marks them stored.
 */
export class RedisEventIdRegistry implements EventIdRegistry {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    /** Who reserves: unique per process (pid and a random part), so replicas never mistake each other's reservations for their own. */
    private readonly owner: string,
    private readonly windowSeconds: number,
    private readonly reservationSeconds: number,
    private readonly waitMs = 10_000,
  ) {
    redis.defineCommand('claimIds', { lua: CLAIM });
    redis.defineCommand('storeIds', { lua: STORED });
    redis.defineCommand('releaseIds', { lua: RELEASE });
    redis.defineCommand('forgetIds', { lua: FORGET });
    this.redis = redis as ScriptedRedis;
  }

  async claim(ids: readonly string[]): Promise<Set<string>> {
    const stored = new Set<string>();
    const claimed: string[] = [];
    try {
      for (let start = 0; start < ids.length; start += CHUNK) {
        const chunk = ids.slice(start, start + CHUNK);
        for (const id of await this.claimChunk(chunk)) stored.add(id);
        claimed.push(...chunk);
      }
    } catch (error) {
      await this.release(claimed).catch(() => undefined);
      throw error;
    }
    return stored;
  }

  private async claimChunk(ids: readonly string[]): Promise<string[]> {
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      const [ok, indexes] = await this.redis.claimIds(ids.length, ...this.keys(ids), this.owner, this.reservationSeconds * 1000);
      if (ok === 1) return indexes.map((i) => ids[i - 1]!);
      if (Date.now() >= deadline) throw new IdsBeingStoredError(indexes.length);
      // Another replica is storing some of these ids: wait about one insert's time, with jitter so two waiters do not retry in step.
      const pause = Math.min(20 * 2 ** attempt, 250) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async stored(ids: readonly string[], receivedAt: string): Promise<void> {
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      await this.redis.storeIds(chunk.length, ...this.keys(chunk), receivedAt, this.windowSeconds * 1000);
    }
  }

  async release(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      await this.redis.releaseIds(chunk.length, ...this.keys(chunk), this.owner);
    }
  }

  /** Replicas read the marks at any time: an id is marked stored only after its rows are. */
  readonly recordsAlongsideInsert = false;

  async forget(ids: readonly string[], receivedAt: string): Promise<void> {
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      await this.redis.forgetIds(chunk.length, ...this.keys(chunk), receivedAt);
    }
  }

  async close(): Promise<void> {}

  private keys(ids: readonly string[]): string[] {
    return ids.map((id) => `${this.prefix}id:${id}`);
  }
}
