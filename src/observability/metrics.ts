import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Role } from '../domain/viewer';
import type { QueryEvent } from '../clickhouse/client';
import type { IngestResult } from '../ingest/ingest.service';
import type { Scheduler } from '../clickhouse/scheduler';
import { registerSchedulerMetrics } from './scheduler-metrics';
import { registerAnswerCacheMetrics, type AnswerCacheCounters } from './answer-cache-metrics';

/** Distinct GraphQL operation names kept as label values; later names are counted as `(other)`. */
export const MAX_OPERATION_LABELS = 200;

/** Label values that cannot collide with a GraphQL operation name (names never contain parentheses). */
export const ANONYMOUS_OPERATION = '(anonymous)';
export const INVALID_OPERATION = '(invalid)';
export const OTHER_OPERATION = '(other)';

export type RateLimitBudget = 'graphql' | 'ingest';

/**
 * The Prometheus metrics of one server: its own registry (not prom-client's global one), so two
 * servers in one process (tests, replicas in one test) never register a metric twice.
 *
 * Every label has a closed or capped set of values: operation names the client chose are capped
 * at MAX_OPERATION_LABELS, ClickHouse queries are labelled by the repository's operation name
 * (a fixed string in the code), never by the per-query id (that goes to the logs).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  private readonly graphqlRequests = new Counter({
    name: 'learnmetrics_graphql_requests_total',
    help: 'GraphQL operations answered, by operation name and outcome (ok, or the error code of the first error as the client saw it)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly graphqlDuration = new Histogram({
    name: 'learnmetrics_graphql_request_duration_seconds',
    help: 'Time from the start of a GraphQL operation to its response, seconds',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly clickhouseDuration = new Histogram({
    name: 'learnmetrics_clickhouse_query_duration_seconds',
    help: 'ClickHouse statements by the repository operation that sent them (e.g. metrics.active_users.per_bucket) and outcome (ok, error), seconds',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly ingestedEvents = new Counter({
    name: 'learnmetrics_ingest_events_total',
    help: 'Events received by POST /v1/events and the ingestEvents mutation: accepted (valid, acknowledged), rejected (invalid, not stored), duplicate (accepted but already stored, a subset of accepted)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly rateLimited = new Counter({
    name: 'learnmetrics_rate_limited_requests_total',
    help: 'Requests refused with 429 by the per-token rate limit, by budget (graphql: reads, ingest: /v1/events) and role',
    labelNames: ['budget', 'role'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Process CPU, memory, event loop lag, GC, handles (prom-client's defaults).
    collectDefaultMetrics({ register: this.registry });
    // Every series of the closed label sets starts at 0, so rate() works from the first scrape.
    for (const result of ['accepted', 'rejected', 'duplicate'] as const) this.ingestedEvents.inc({ result }, 0);
  }

  /** learnmetrics_ingest_in_flight: ingest requests being read or stored right now (read at scrape time). */
  watchIngestInFlight(read: () => number): void {
    new Gauge({
      name: 'learnmetrics_ingest_in_flight',
      help: 'POST /v1/events requests in flight (body being read, validated or stored); a graceful stop waits for them',
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  graphqlOperation(operation: string, outcome: string, durationMs: number): void {
    const label = this.operationLabel(operation);
    this.graphqlRequests.inc({ operation: label, outcome });
    this.graphqlDuration.observe({ operation: label, outcome }, durationMs / 1000);
  }

  clickhouseQuery(event: Pick<QueryEvent, 'operation' | 'durationMs' | 'error'>): void {
    this.clickhouseDuration.observe({ operation: event.operation, outcome: event.error === undefined ? 'ok' : 'error' }, event.durationMs / 1000);
  }

  ingest(result: Pick<IngestResult, 'accepted' | 'rejected' | 'duplicates'>): void {
    this.ingestedEvents.inc({ result: 'accepted' }, result.accepted);
    this.ingestedEvents.inc({ result: 'rejected' }, result.rejected);
    this.ingestedEvents.inc({ result: 'duplicate' }, result.duplicates);
  }

  rateLimitRejection(budget: RateLimitBudget, role: Role | undefined): void {
    this.rateLimited.inc({ budget, role: role ?? 'unknown' });
  }

  /** Queue depth, waits, running statements per tenant of this ClickHouse scheduler (once per server). */
  observeScheduler(scheduler: Scheduler): () => void {
    return registerSchedulerMetrics(this.registry, scheduler);
  }

  /** Lookups, hit ratio and size of the answer cache (read at scrape time). */
  observeAnswerCache(cache: AnswerCacheCounters): void {
    registerAnswerCacheMetrics(this.registry, cache);
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private operationLabel(name: string): string {
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_LABELS) return OTHER_OPERATION;
    this.operationNames.add(name);
    return name;
  }
}
