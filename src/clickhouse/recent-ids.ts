/**
 * An in-process filter of the event ids received within the dedup window (issue 12,
 * deliverable 6): a Bloom filter, so "certainly new" is answered without ClickHouse and only
 * the ids it may have seen are looked up in `event_ids`. Fresh ids are the normal case, so most
 * batches skip the lookup (83 ms per 5,000 ids, before every insert, when it always ran).
 *
 * It never answers "new" for an id it was given (no false negatives); a false positive only
 * costs a lookup. It is complete only when it holds every id stored within the window: filled
 * from `event_ids` at start, then given every id this process stores. So it is used only where
 * this process is the only writer (the embedded engine, one process per data directory); with
 * a ClickHouse server or Redis shared by replicas every id is checked there.
 *
 * Ids are never removed; after `capacity` ids the false-positive rate would climb, so the
 * owner refills it from `event_ids` (which forgets ids past the window) when `full` says so.
 * It lives in src/clickhouse because every writer of `event_ids` in the process feeds it.
 */
export class RecentIdsFilter {
  private bits: Uint32Array;
  private readonly bitCount: number;
  private count = 0;

  constructor(
    /** Ids it holds at about 1% false positives. */
    readonly capacity = 4_000_000,
    private readonly hashes = 7,
  ) {
    // m = -n ln p / (ln 2)^2 with p = 1%: ~9.6 bits per id.
    this.bitCount = Math.max(1024, Math.ceil(capacity * 9.6));
    this.bits = new Uint32Array(Math.ceil(this.bitCount / 32));
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  clear(): void {
    this.bits = new Uint32Array(this.bits.length);
    this.count = 0;
  }

  add(id: string): void {
    const [h1, h2] = hashPair(id);
    for (let i = 0; i < this.hashes; i += 1) {
      const bit = (h1 + i * h2) % this.bitCount;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count += 1;
  }

  /** false: certainly not added. true: perhaps (look it up). */
  mightContain(id: string): boolean {
    const [h1, h2] = hashPair(id);
    for (let i = 0; i < this.hashes; i += 1) {
      const bit = (h1 + i * h2) % this.bitCount;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/**
 * Two independent 32-bit FNV-1a style hashes of the id (double hashing gives the k bit
 * positions). Ids may be any UUID version, even sequential ones, so the bits are hashed
 * rather than taken from the id as they are.
 */
function hashPair(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < id.length; i += 1) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  // h2 odd and non-zero so the k positions differ.
  return [a >>> 0, (b | 1) >>> 0];
}

/**
 * One filter per database in this process, shared by every writer of `event_ids` here (each
 * server's ingest path, the bulk loaders through EventsRepository.recordReceived): a second
 * server on the same database in one process (tests do this) must see the first one's ids.
 * `loaded` is false until it was filled from `event_ids` once.
 */
const filters = new Map<string, { filter: RecentIdsFilter; loaded: boolean }>();

export function processFilterFor(database: string): { filter: RecentIdsFilter; loaded: boolean } {
  let entry = filters.get(database);
  if (!entry) {
    entry = { filter: new RecentIdsFilter(), loaded: false };
    filters.set(database, entry);
  }
  return entry;
}
