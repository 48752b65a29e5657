import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Session as ChdbSession } from 'chdb';
import { createClickHouse } from '../src/clickhouse/client';
import { migrate } from '../src/clickhouse/migrations';
import { identifier, sql } from '../src/clickhouse/sql';
import type { Config } from '../src/config/config';
import { acceptedEvent, eventRowsNdjson, storableLine, type AcceptedEvent } from '../src/ingest/event-rows';
import { IngestRuntime } from '../src/ingest/ingest-runtime';
import { parseBody } from '../src/ingest/parse-body';
import { validateEvent } from '../src/ingest/validate-event';
import { startServer } from '../src/server/app';
import { createServices } from '../src/services';
import { anEvent, parsedValue, toNdjson, type EventJson } from '../test/helpers/events';
import { benchToken } from './ingest.bench';
import { percentile } from './stats';

/**
 * `npm run bench -- --sections ingestPaths [--ingest-batches 30] [--batch-size 5000] [--ingest-in-flight 1]`: issue 12's
 * speed target, per batch of the same NDJSON bytes into the same tables and views (each path in
 * its own freshly migrated database on one embedded engine), interleaved in rotating order:
 *   http:   POST /v1/events (HTTP, parsing, validation, key-less dedup, the batch writer);
 *   raw:    a chdb `Session.insert` of the request body, nothing else (best_effort timestamps);
 *   engine: the ingest path's engine work alone, no HTTP, no parsing or validation: id claim
 *           (Bloom filter, lookups of possible duplicates), journal file, the INSERT with its
 *           SETTINGS clause, the ids into event_ids (BatchWriter.commit), each part timed. The
 *           bytes are the ones the service sends for this body (parseBody, validateEvent and
 *           eventRowsNdjson, run before the clock starts), so both paths issue the same
 *           statements with the same rows.
 * With `--ingest-in-flight K` each path has K batches in flight at once (K senders over HTTP; K
 * sessions for the raw insert; K concurrent commits through the one ingest runtime), each sender
 * sending its next batch once its last is answered, timed per block of 5K batches, so the figures
 * are per batch of throughput: a producer with K requests open. Medians over the batches (K = 1)
 * or blocks; the load average before and after.
 */
export interface IngestPathsResult {
  batches: number;
  batchSize: number;
  inFlight: number;
  medianMs: { http: number; raw: number; engine: number };
  p90Ms: { http: number; raw: number; engine: number };
  /** Medians of the engine path's parts. */
  engineParts: { claimMs: number; commitMs: number };
  httpVsRaw: number;
  httpVsEngine: number;
  engineVsRaw: number;
  loadBefore: number[];
  loadAfter: number[];
}

const TYPES = ['course.enrolled', 'lesson.completed', 'quiz.completed', 'user.logged_in', 'page.viewed', 'payment.succeeded'];

interface PathBatch {
  /**
   * The NDJSON bytes, made before the clock starts: a producer holds its batch as bytes, and
   * fetch with a string body spent 6 to 8 ms of the POST encoding and streaming 1.3 MB of text
   * (measured, 2026-12-03), client work the raw path did not pay either (it took a Buffer).
   */
  body: Buffer;
  events: EventJson[];
  /** The validated events of the body (and their lines where stored as sent), as the service stores them. */
  valid: AcceptedEvent[];
}

function batchOf(n: number, size: number): PathBatch {
  const events = Array.from({ length: size }, (_, j) =>
    anEvent({
      event_id: randomUUID(),
      type: TYPES[j % TYPES.length],
      user_id: `bench-u${(n * 31 + j) % 5000}`,
      company_id: `company-0${j % 7}`,
      timestamp: new Date(Date.UTC(2026, 2, 1 + (j % 28), j % 24, j % 60)).toISOString(),
    }),
  );
  const body = Buffer.from(toNdjson(events));
  const parsed = parseBody(body, 'application/x-ndjson');
  if ('fatal' in parsed) throw new Error(parsed.fatal.message);
  const now = new Date();
  const valid = parsed.records.map((r) => {
    const value = parsedValue(r);
    const result = validateEvent(value, { now, strict: false });
    if (!result.ok) throw new Error(`bench event invalid: ${JSON.stringify(result.errors)}`);
    return acceptedEvent(result.event, storableLine(r.text, value, result.event));
  });
  return { body, events, valid };
}

export async function benchIngestPaths(
  config: Config,
  databasePrefix: string,
  options: { batches: number; batchSize: number; inFlight?: number; log: (line: string) => void },
): Promise<IngestPathsResult> {
  const dbs = {
    http: createClickHouse({ ...config, database: `${databasePrefix}_ip_http`, rateLimitIngestPerMinute: 0, redisUrl: undefined }),
    raw: createClickHouse({ ...config, database: `${databasePrefix}_ip_raw` }),
    engine: createClickHouse({ ...config, database: `${databasePrefix}_ip_engine` }),
  };
  for (const db of Object.values(dbs)) {
    await db.command('bench.drop', sql`DROP DATABASE IF EXISTS ${identifier(db.database)}`);
    await migrate(db);
  }
  const httpConfig = { ...config, database: dbs.http.database, rateLimitIngestPerMinute: 0, rateLimitPerMinute: 0, redisUrl: undefined };
  const services = createServices(dbs.http, httpConfig);
  const server = await startServer(services, 0);
  const url = server.url.replace('/graphql', '/v1/events');
  const token = await benchToken(services, 'ingest', undefined, ['ingest:any-company']);
  const runtime = new IngestRuntime(dbs.engine, { ...config, database: dbs.engine.database, redisUrl: undefined });
  await runtime.start();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Session } = require('chdb') as typeof import('chdb');
  const inFlight = Math.max(1, options.inFlight ?? 1);
  const sessions: ChdbSession[] = Array.from({ length: inFlight }, () => new Session(config.dataDir));

  const samples = { http: [] as number[], raw: [] as number[], engine: [] as number[] };
  const parts = { claim: [] as number[], commit: [] as number[] };
  const paths = {
    http: async (b: { body: Buffer }) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` }, body: b.body });
      const answer = (await res.json()) as { accepted: number; duplicates: number };
      if (res.status !== 200 || answer.duplicates !== 0) throw new Error(`POST answered ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
    },
    raw: async (b: { body: Buffer }, slot: number) => {
      await sessions[slot]!.insert({
        table: `${dbs.raw.database}.events`,
        values: b.body,
        format: 'JSONEachRow',
        settings: { date_time_input_format: 'best_effort' },
      });
    },
    engine: async (b: { ids: string[]; receivedAt: string; bytes: Buffer }) => {
      const t0 = performance.now();
      const recent = await runtime.registry.claim(b.ids);
      if (recent.size > 0) throw new Error(`engine path: ${recent.size} ids already received`);
      const t1 = performance.now();
      await runtime.writer.commit({ batchId: randomUUID(), receivedAt: b.receivedAt, ids: b.ids, bytes: b.bytes });
      parts.claim.push(t1 - t0);
      parts.commit.push(performance.now() - t1);
    },
  };
  const order = ['http', 'raw', 'engine'] as const;
  const loadBefore = os.loadavg();
  // One batch at a time: blocks of one batch, each timed. K in flight: blocks of 5K batches that
  // K senders work through, each taking the next batch as soon as its last one is answered (a
  // producer keeping K requests open: one request's parsing overlaps another's insert), timed
  // per block. A block of rounds of K, all K waiting for the slowest, hid that overlap.
  const blockSize = inFlight === 1 ? 1 : inFlight * 5;
  const warmup = inFlight === 1 ? 2 : 1;
  const blocks = Math.ceil(options.batches / blockSize) + warmup;
  try {
    for (let n = 0; n < blocks; n++) {
      // Made up front (not timed: that is the producer's work).
      const block = Array.from({ length: blockSize }, (_, i) => {
        const made = batchOf(n * blockSize + i, options.batchSize);
        // The engine path's rows, serialised as the service does (not timed: that is Node work).
        const receivedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
        return { ...made, ids: made.valid.map((e) => e.id), receivedAt, bytes: eventRowsNdjson(made.valid, receivedAt) };
      });
      for (let k = 0; k < order.length; k++) {
        const name = order[(n + k) % order.length]!;
        let next = 0;
        const sender = async (slot: number) => {
          while (next < block.length) await paths[name](block[next++]!, slot);
        };
        const started = performance.now();
        await Promise.all(Array.from({ length: inFlight }, (_, slot) => sender(slot)));
        // The first blocks warm the engine and the server up. Per batch: the block's time over its batches.
        if (n >= warmup) samples[name].push((performance.now() - started) / blockSize);
      }
      if (n % 5 === 4) options.log(`  ingest paths: ${n + 1} of ${blocks} blocks of ${blockSize}`);
    }
  } finally {
    await server.stop();
    await runtime.close();
    for (const session of sessions) session.close();
  }
  const loadAfter = os.loadavg();
  const counts = await Promise.all(
    Object.values(dbs).map(async (db) => Number((await db.query<{ n: string }>('bench.count', sql`SELECT count() AS n FROM ${db.table('events')}`))[0]!.n)),
  );
  const expected = blocks * blockSize * options.batchSize;
  if (counts.some((c) => c !== expected)) throw new Error(`ingest paths: stored ${counts.join(', ')} events, expected ${expected} each`);
  await Promise.all(Object.values(dbs).map((db) => db.close()));
  const median = (xs: number[]) => percentile(xs, 50);
  const medianMs = { http: median(samples.http), raw: median(samples.raw), engine: median(samples.engine) };
  return {
    batches: (blocks - warmup) * blockSize,
    batchSize: options.batchSize,
    inFlight,
    medianMs,
    p90Ms: { http: percentile(samples.http, 90), raw: percentile(samples.raw, 90), engine: percentile(samples.engine, 90) },
    engineParts: { claimMs: median(parts.claim), commitMs: median(parts.commit) },
    httpVsRaw: medianMs.raw / medianMs.http,
    httpVsEngine: medianMs.engine / medianMs.http,
    engineVsRaw: medianMs.raw / medianMs.engine,
    loadBefore,
    loadAfter,
  };
}

/** The BENCHMARKS.md table of one run. */
export function renderIngestPaths(r: IngestPathsResult): string {
  const f = (x: number) => x.toFixed(0);
  const perSecond = (ms: number) => Math.round((r.batchSize * 1000) / ms).toLocaleString('en-US');
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  return [
    `Ingest paths: ${r.batches} batches of ${r.batchSize} events each, ${r.inFlight} in flight per path, interleaved; load ${load(r.loadBefore)} before, ${load(r.loadAfter)} after`,
    '',
    '| path | median ms per batch | p90 ms | events/s | POST vs this |',
    '|---|---|---|---|---|',
    `| \`POST /v1/events\` | ${f(r.medianMs.http)} | ${f(r.p90Ms.http)} | ${perSecond(r.medianMs.http)} | 1.00 |`,
    `| raw chdb \`Session.insert\` of the same NDJSON bytes | ${f(r.medianMs.raw)} | ${f(r.p90Ms.raw)} | ${perSecond(r.medianMs.raw)} | ${r.httpVsRaw.toFixed(2)} |`,
    `| the engine work alone (claim ${f(r.engineParts.claimMs)} ms + journal, INSERT, event_ids ${f(r.engineParts.commitMs)} ms) | ${f(r.medianMs.engine)} | ${f(r.p90Ms.engine)} | ${perSecond(r.medianMs.engine)} | ${r.httpVsEngine.toFixed(2)} |`,
  ].join('\n');
}
