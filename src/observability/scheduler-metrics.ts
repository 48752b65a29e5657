import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LANES, type Scheduler } from '../clickhouse/scheduler';

/** Distinct tenants kept as label values; later ones are summed into `(other)`. */
export const MAX_TENANT_LABELS = 100;
export const OTHER_TENANT = '(other)';

/**
 * The query scheduler in /metrics: queued and running statements per tenant and lane (read at
 * scrape time), time waited for a slot, statements refused for a full queue. Tenants are
 * `company:<id>`, `<role>:<subject>` or `system`, capped at MAX_TENANT_LABELS label values.
 */
export function registerSchedulerMetrics(registry: Registry, scheduler: Scheduler): () => void {
  const names = new Set<string>();
  const label = (tenant: string) => {
    if (names.has(tenant)) return tenant;
    if (names.size >= MAX_TENANT_LABELS) return OTHER_TENANT;
    names.add(tenant);
    return tenant;
  };
  const snapshot = () => scheduler.stats();
  new Gauge({
    name: 'learnmetrics_query_queue_depth',
    help: 'ClickHouse statements waiting for a scheduler slot, by tenant and lane (cheap: rollups, heavy: raw events)',
    labelNames: ['tenant', 'lane'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [tenant, t] of snapshot().tenants) for (const lane of LANES) if (t.queued[lane] > 0) this.inc({ tenant: label(tenant), lane }, t.queued[lane]);
    },
  });
  new Gauge({
    name: 'learnmetrics_query_running',
    help: 'ClickHouse statements holding a scheduler slot (running, or being stopped by the engine), by tenant and lane',
    labelNames: ['tenant', 'lane'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [tenant, t] of snapshot().tenants)
        for (const lane of LANES) if (t.running[lane] > 0) this.inc({ tenant: label(tenant), lane }, t.running[lane]);
    },
  });
  new Gauge({
    name: 'learnmetrics_query_slots',
    help: 'Scheduler slots (CLICKHOUSE_CONCURRENCY) by lane limit: all, heavy (HEAVY_QUERY_SLOTS)',
    labelNames: ['lane'] as const,
    registers: [registry],
    collect() {
      const s = snapshot();
      this.set({ lane: 'all' }, s.slots);
      this.set({ lane: 'heavy' }, s.heavySlots);
    },
  });
  const wait = new Histogram({
    name: 'learnmetrics_query_queue_wait_seconds',
    help: 'Time a ClickHouse statement waited for its scheduler slot, by tenant and lane, seconds',
    labelNames: ['tenant', 'lane'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'learnmetrics_query_queue_refused_total',
    help: 'ClickHouse statements refused because the queue was full (the request got 503 with Retry-After), by tenant and lane',
    labelNames: ['tenant', 'lane'] as const,
    registers: [registry],
  });
  return scheduler.observe({
    started: (tenant, lane, waitedMs) => wait.observe({ tenant: label(tenant), lane }, waitedMs / 1000),
    refused: (tenant, lane) => refused.inc({ tenant: label(tenant), lane }),
  });
}
