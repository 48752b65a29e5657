import { Gauge, type Registry } from 'prom-client';

export interface AnswerCacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
}

/** What /metrics reads of the answer cache (src/graphql/answer-cache.ts): its counters, nothing else. */
export interface AnswerCacheCounters {
  stats(): AnswerCacheStats;
}

/** The answer cache in /metrics, read from its counters at scrape time. */
export function registerAnswerCacheMetrics(registry: Registry, cache: AnswerCacheCounters): void {
  new Gauge({
    name: 'learnmetrics_answer_cache_lookups',
    help: 'GraphQL query operations looked up in the answer cache since start, by result (hit, miss); a counter read at scrape time',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      const s = cache.stats();
      this.set({ result: 'hit' }, s.hits);
      this.set({ result: 'miss' }, s.misses);
    },
  });
  new Gauge({
    name: 'learnmetrics_answer_cache_hit_ratio',
    help: 'Hits / lookups of the answer cache since start (0 before the first lookup)',
    registers: [registry],
    collect() {
      const s = cache.stats();
      this.set(s.hits + s.misses === 0 ? 0 : s.hits / (s.hits + s.misses));
    },
  });
  new Gauge({
    name: 'learnmetrics_answer_cache_bytes',
    help: 'Approximate bytes held by the answer cache (bound: ANSWER_CACHE_MAX_BYTES)',
    registers: [registry],
    collect() {
      this.set(cache.stats().bytes);
    },
  });
  new Gauge({
    name: 'learnmetrics_answer_cache_entries',
    help: 'Answers held by the answer cache',
    registers: [registry],
    collect() {
      this.set(cache.stats().entries);
    },
  });
}
