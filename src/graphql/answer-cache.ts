import { createHash } from 'node:crypto';
import type { AnswerCacheStats } from '../observability/answer-cache-metrics';

/** One cached answer: the response body a client got, without anything request-specific. */
export interface CachedAnswer {
  data: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

interface Entry {
  answer: CachedAnswer;
  bytes: number;
}

/** Object keys sorted at every level, so `{a, b}` and `{b, a}` are one key. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The cache key of an operation: the document's hash, the operation chosen, the variables, who asks (role, company, scopes). */
export function answerKey(parts: { documentHash: string; operationName?: string | null; variables?: Record<string, unknown>; scope: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.documentHash, parts.operationName ?? null, stable(parts.variables ?? {}), parts.scope]))
    .digest('base64url');
}

/**
 * Metric answers of this process, keyed by (document, variables, viewer scope) and valid for one
 * data version only (src/clickhouse/data-version.ts): the first lookup or store after the version
 * moved drops every entry, so no answer is served that an acknowledged event could have changed.
 * Bounded by `maxBytes` (the answers' JSON size, UTF-16: twice its length), least recently used
 * first out; an answer larger than a quarter of the bound is not kept.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private version = -1;
  private hits = 0;
  private misses = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string, version: number): CachedAnswer | undefined {
    this.sync(version);
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    // A copy: the response is handed to later plugins, which may add to it.
    return structuredClone(entry.answer);
  }

  /** `version` is the one read before the answer was computed: a write during the computation makes it stale at once. */
  set(key: string, version: number, answer: CachedAnswer): void {
    this.sync(version);
    if (version !== this.version) return;
    const bytes = JSON.stringify(answer).length * 2 + key.length * 2;
    if (bytes > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { answer: structuredClone(answer), bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  stats(): AnswerCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, hits: this.hits, misses: this.misses };
  }

  private sync(version: number) {
    if (version <= this.version) return;
    this.entries.clear();
    this.bytes = 0;
    this.version = version;
  }
}
