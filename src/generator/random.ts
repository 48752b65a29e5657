/**
 * Seeded pseudo-random numbers for the data generator. Nothing in the generator may use
 * Math.random: the same seed must give byte-identical output.
 *
 * Mulberry32 is a tiny 32-bit generator (one state word, period 2^32). That is plenty for one
 * learner's journey; every learner and the visitor stream get their own generator, seeded from
 * (seed, stream, index), so learners do not depend on each other's draws.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Normal distribution (Box-Muller; one of the pair is thrown away to keep the state simple). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next(); // (0, 1], so log(u) is finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Index into a table of cumulative weights (ascending, last entry = total). */
  weighted(cumulative: readonly number[]): number {
    const target = this.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Cumulative sums of weights, for Random.weighted. */
export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** Murmur3's 32-bit finaliser: a cheap, well-mixing hash of one integer. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Named streams, so two kinds of entity with the same index never share a sequence. */
export const Streams = {
  world: 1,
  learner: 2,
  journey: 3,
  visitors: 4,
  items: 5,
} as const;

/**
 * A seed for one independent stream, derived from the run's seed (any non-negative safe
 * integer), a stream name and an index (e.g. the learner number).
 */
export function deriveSeed(seed: number, stream: number, index = 0): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let h = mix32(lo ^ mix32(hi + 0x9e3779b9));
  h = mix32(h ^ Math.imul(stream, 0x27d4eb2f));
  h = mix32((h + Math.imul(index, 0x165667b1)) | 0);
  return h;
}

export function randomFor(seed: number, stream: number, index = 0): Random {
  return new Random(deriveSeed(seed, stream, index));
}
