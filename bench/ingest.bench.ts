import type { ClickHouse } from '../src/clickhouse/client';
import type { LearningEvent } from '../src/events/event';
import { postEventBatches } from '../src/generator';
import type { Services } from '../src/services';
import { startServer } from '../src/server/app';

export interface IngestMeasurement {
  events: number;
  batchSize: number;
  senders: number;
  httpEventsPerSecond: number;
  rawEventsPerSecond: number;
  ratio: number;
}

/** Runs `work` over batches with `concurrency` workers; returns seconds taken. */
async function timed(batches: LearningEvent[][], concurrency: number, work: (batch: LearningEvent[], index: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const i = next++;
        await work(batches[i], i);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/**
 * Ingest: the same rows into the same tables (with the same materialized views), once through
 * POST /v1/events (validation, dedup check, HTTP, JSON) and once with a raw @clickhouse/client
 * insert, each into its own fresh database so neither pays for the other's rows.
 */
export async function benchIngest(
  events: LearningEvent[],
  http: Services,
  raw: ClickHouse,
  options: { batchSize: number; senders: number; onProgress?: (done: number) => void },
): Promise<IngestMeasurement> {
  const batches: LearningEvent[][] = [];
  for (let i = 0; i < events.length; i += options.batchSize) batches.push(events.slice(i, i + options.batchSize));

  const rawSeconds = await timed(batches, options.senders, async (batch) => {
    await raw.client.insert({ table: `${raw.database}.events`, values: batch, format: 'JSONEachRow' });
  });

  const byOperation = new Map<string, number>();
  const unsubscribe = http.db.onQuery((e) => byOperation.set(e.operation, (byOperation.get(e.operation) ?? 0) + e.durationMs));
  const server = await startServer(http, 0);
  const started = performance.now();
  const result = await postEventBatches(events, {
    url: server.url.replace('/graphql', '/v1/events'),
    batchSize: options.batchSize,
    concurrency: options.senders,
    seed: Date.now(),
    onProgress: options.onProgress,
  });
  const httpSeconds = (performance.now() - started) / 1000;
  await server.stop();
  unsubscribe();
  if (process.env.BENCH_DEBUG) process.stderr.write(`\nClickHouse time by operation (ms, summed over concurrent calls): ${JSON.stringify(Object.fromEntries(byOperation))}, wall ${Math.round(httpSeconds * 1000)}\n`);
  if (result.accepted !== events.length) throw new Error(`HTTP ingest accepted ${result.accepted} of ${events.length} events`);

  const httpEventsPerSecond = events.length / httpSeconds;
  const rawEventsPerSecond = events.length / rawSeconds;
  return { events: events.length, batchSize: options.batchSize, senders: options.senders, httpEventsPerSecond, rawEventsPerSecond, ratio: httpEventsPerSecond / rawEventsPerSecond };
}
