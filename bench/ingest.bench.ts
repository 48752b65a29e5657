import type { ClickHouseSettings } from '@clickhouse/client';
import type { ClickHouse } from '../src/clickhouse/client';
import { EventsRepository } from '../src/clickhouse/repositories/events.repository';
import { sql } from '../src/clickhouse/sql';
import type { LearningEvent } from '../src/domain/event';
import { postEventBatches } from '../src/generator';
import type { Services } from '../src/services';
import { mintToken } from '../src/auth/tokens';
import type { Role } from '../src/domain/viewer';
import { startServer } from '../src/server/app';
import { chunks, forEachConcurrently } from './dataset';
import type { ProgressFactory } from './progress';

export interface IngestMeasurement {
  /** Events timed on each path (the first `measured` events of the data set). */
  measured: number;
  /** Events loaded in all (the rest went into the query database by plain insert, untimed). */
  loaded: number;
  batchSize: number;
  senders: number;
  /** Slices the measured events were cut into; every slice went through each path, in rotating order. */
  slices: number;
  httpEventsPerSecond: number;
  rawEventsPerSecond: number;
  /** The ingest path's ClickHouse work alone: the event_id lookup + the idempotent insert (dedup token, views deduplicated), no HTTP, no JSON parsing or validation. */
  engineEventsPerSecond: number;
  /** HTTP / raw: the target (>= 0.8). */
  ratio: number;
  httpSeconds: number;
  rawSeconds: number;
  engineSeconds: number;
}

/** A token for the bench's own server (signed with the secret the bench configured). */
export function benchToken(services: Services, role: Role, companyId?: string, scopes?: string[]): Promise<string> {
  return mintToken(services.config.authJwtSecret!, { role, companyId, ttl: '4h', scopes });
}

/**
 * Waits until ClickHouse has no merge running on `db`'s tables for a few checks in a row, so
 * one phase's background merges do not slow the next phase down (at most `maxMs`).
 */
export async function settleMerges(db: ClickHouse, maxMs = 120_000): Promise<void> {
  const started = performance.now();
  let quiet = 0;
  while (quiet < 3 && performance.now() - started < maxMs) {
    const rows = await db.query<{ n: string | number }>('bench.merges', sql`SELECT count() AS n FROM system.merges WHERE database = ${db.database}`);
    quiet = Number(rows[0]?.n ?? 0) === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function take<T>(iterator: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  while (out.length < n) {
    const next = iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

type Path = 'raw' | 'engine' | 'http';

/**
 * A plain insert, with ClickHouse's defaults spelled out. The embedded engine applies a
 * statement's settings as session-wide SETs that outlive it, so after an ingest insert the
 * session still carries its insert_deduplication_token and block sizes: a raw insert that sent
 * no settings would inherit them (and its block could even be dropped as a "retry").
 */
export const PLAIN_INSERT: ClickHouseSettings = {
  insert_deduplication_token: '',
  max_insert_block_size: '1048449',
  min_insert_block_size_rows: '1048449',
  min_insert_block_size_bytes: '268402944',
};

/**
 * Ingest: the same rows into the same tables (with the same materialized views), each path
 * into its own fresh database so none pays for another's rows:
 *   raw:    @clickhouse/client insert (JSONEachRow), what a user would otherwise do;
 *   engine: what the ingest path asks of ClickHouse (event_id lookup, idempotent insert);
 *   http:   POST /v1/events (HTTP, NDJSON parsing, validation, lookup, idempotent insert).
 * The measured events are cut into slices held in memory (generation is not timed); every
 * slice goes through the three paths in rotating order, so load on the machine that comes
 * and goes (merges, other processes) falls on every path alike. Events after `measured` go
 * into the query database (http's) by plain insert, untimed.
 */
export async function benchIngest(
  events: () => Iterable<LearningEvent>,
  total: number,
  measured: number,
  http: Services,
  raw: ClickHouse,
  engine: ClickHouse,
  options: { batchSize: number; senders: number; sliceSize: number; progress: ProgressFactory },
): Promise<IngestMeasurement> {
  const engineRepo = new EventsRepository(engine);
  const server = await startServer(http, 0);
  // The platform's own source: it writes every company's events (src/ingest/write-scope.ts).
  const token = await benchToken(http, 'ingest', undefined, ['ingest:any-company']);
  const url = server.url.replace('/graphql', '/v1/events');
  const runSeed = Date.now();
  const seconds: Record<Path, number> = { raw: 0, engine: 0, http: 0 };
  const paths: Record<Path, (slice: LearningEvent[], index: number) => Promise<void>> = {
    raw: (slice) =>
      forEachConcurrently(chunks(slice, options.batchSize), options.senders, async (batch) => {
        await raw.client.insert({ table: `${raw.database}.events`, values: batch, format: 'JSONEachRow', clickhouse_settings: PLAIN_INSERT });
      }),
    engine: (slice, index) => {
      let b = 0;
      return forEachConcurrently(chunks(slice, options.batchSize), options.senders, async (batch) => {
        const dedupToken = `bench-${runSeed}-${index}-${b++}`;
        const recent = await engineRepo.recentlyReceived(
          batch.map((e) => e.event_id),
          http.config.dedupWindowSeconds,
        );
        await engineRepo.insert(recent.size === 0 ? batch : batch.filter((e) => !recent.has(e.event_id)), dedupToken);
      });
    },
    http: async (slice, index) => {
      const result = await postEventBatches(slice, { url, batchSize: options.batchSize, concurrency: options.senders, seed: runSeed * 1000 + index, token });
      if (result.accepted !== slice.length || result.rejected !== 0)
        throw new Error(`ingest slice ${index}: HTTP accepted ${result.accepted} and rejected ${result.rejected} of ${slice.length}`);
    },
  };
  const order: Path[] = ['raw', 'engine', 'http'];

  const iterator = events()[Symbol.iterator]();
  const bar = options.progress('ingest (3 paths)', measured);
  let done = 0;
  let slices = 0;
  try {
    while (done < measured) {
      const slice = take(iterator, Math.min(options.sliceSize, measured - done));
      if (slice.length === 0) break;
      for (let k = 0; k < order.length; k++) {
        const path = order[(slices + k) % order.length];
        const started = performance.now();
        await paths[path](slice, slices);
        seconds[path] += (performance.now() - started) / 1000;
      }
      done += slice.length;
      slices++;
      bar.update(done);
    }
  } finally {
    bar.stop();
    await server.stop();
  }
  if (done !== measured) throw new Error(`ingest: the data set ended after ${done} of ${measured} events`);

  let loaded = done;
  if (loaded < total) {
    const fill = options.progress('loading the rest', total - loaded);
    let filled = 0;
    await forEachConcurrently(chunks({ [Symbol.iterator]: () => iterator }, 50_000), 2, async (batch) => {
      await http.db.client.insert({ table: `${http.db.database}.events`, values: batch, format: 'JSONEachRow', clickhouse_settings: PLAIN_INSERT });
      filled += batch.length;
      fill.update(filled);
    });
    fill.stop();
    loaded += filled;
  }
  if (loaded !== total) throw new Error(`ingest: loaded ${loaded} of ${total} events`);
  const stored = async (db: ClickHouse) => Number((await db.query<{ n: string }>('bench.count', sql`SELECT count() AS n FROM ${db.table('events')}`))[0].n);
  const counts = { raw: await stored(raw), engine: await stored(engine), http: await stored(http.db) };
  if (counts.raw !== measured || counts.engine !== measured || counts.http !== total) {
    throw new Error(`ingest: events stored raw ${counts.raw}, engine ${counts.engine} (of ${measured}), query database ${counts.http} (of ${total})`);
  }

  return {
    measured,
    loaded,
    batchSize: options.batchSize,
    senders: options.senders,
    slices,
    httpEventsPerSecond: measured / seconds.http,
    rawEventsPerSecond: measured / seconds.raw,
    engineEventsPerSecond: measured / seconds.engine,
    ratio: seconds.raw / seconds.http,
    httpSeconds: seconds.http,
    rawSeconds: seconds.raw,
    engineSeconds: seconds.engine,
  };
}
