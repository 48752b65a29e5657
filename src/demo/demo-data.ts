import fs from 'node:fs';
import type { ClickHouse } from '../clickhouse/client';
import { EventsRepository } from '../clickhouse/repositories/events.repository';
import { SystemRepository } from '../clickhouse/repositories/system.repository';
import type { LearningEvent } from '../domain/event';
import { generateEvents, type GeneratorOptions } from '../generator';
import { catalogueOf } from '../generator/catalogue';
import { CatalogIngestService } from '../ingest/catalog-ingest.service';

/** Tomorrow 00:00 UTC: the demo's 90 days end with today, so dashboards show recent numbers. */
function endOfToday(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Small enough to load in seconds on 2 cores, large enough for every metric to show something. */
export function demoOptions(now = new Date()): GeneratorOptions {
  return { events: 150_000, companies: 4, learners: 1500, courses: 10, days: 90, seed: 42, end: endOfToday(now) };
}

/** Where a load stands, for a progress line. */
export interface DemoProgress {
  loaded: number;
  total: number;
  elapsedMs: number;
}

export interface DemoLoadOptions {
  /** Log lines (the JSON logger in `npm start`). */
  log?: (line: string) => void;
  /** Called before the first batch and after each one (`npm start` draws a progress line from it). */
  progress?: (progress: DemoProgress) => void;
  /**
   * A file recording the load (DATA_DIR/.demo-data.json): a finished load is not looked at again,
   * an interrupted one is resumed, and events without it are someone's own data, left alone.
   */
  markerFile?: string | null;
  generator?: GeneratorOptions;
  /** Events per insert. */
  batch?: number;
}

interface DemoMarker {
  state: 'loading' | 'complete';
  seed: number;
  end: string;
  events: number;
  finishedAt?: string;
}

/**
 * Events per insert, each a progress step. Not one batch of all: a single 150,000-event insert
 * had used more CPU after 9 minutes (84 s, still running) than six 25,000-event inserts took in all.
 */
export const DEMO_BATCH = 25_000;

function readMarker(file: string | null): DemoMarker | null {
  if (file === null || !fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoMarker;
  } catch {
    return null;
  }
}

function writeMarker(file: string | null, marker: DemoMarker): void {
  if (file !== null) fs.writeFileSync(file, `${JSON.stringify(marker)}\n`);
}

/**
 * Loads the deterministic demo dataset into an empty events table, so a newcomer sees real
 * numbers at once, and does nothing on a restart. Batches carry deterministic deduplication
 * tokens, so a start interrupted during the load and repeated the same day resumes it: the
 * batches already stored are dropped by ClickHouse, the rest are loaded.
 */
export async function loadDemoDataIfEmpty(db: ClickHouse, options: DemoLoadOptions = {}): Promise<number> {
  const log = options.log ?? console.log;
  const markerFile = options.markerFile ?? null;
  const generator = options.generator ?? demoOptions();
  const batchSize = options.batch ?? DEMO_BATCH;
  const end = generator.end.toISOString();
  const marker = readMarker(markerFile);
  if (marker?.state === 'complete') {
    log(`[demo] demo data already loaded (${marker.events} events, ${marker.finishedAt ?? 'earlier'}); not loading it again`);
    return 0;
  }
  const resuming = marker?.state === 'loading' && marker.seed === generator.seed && marker.end === end && marker.events === generator.events;
  // The demo courses' catalogue (names, curriculum order, pass marks) for courseProgress and
  // learners: stored with the events (a PUT of a stored tree writes nothing, so a resumed load is safe).
  const catalog = CatalogIngestService.on(db);
  for (const tree of catalogueOf(generator)) await catalog.put(tree, null);
  const existing = await new SystemRepository(db).countEvents();
  if (existing > 0 && !resuming) {
    log(
      marker?.state === 'loading'
        ? `[demo] a demo load interrupted on an earlier day left ${existing} events; not loading more (delete the data directory for a fresh demo dataset)`
        : `[demo] ${existing} events already stored; not loading demo data`,
    );
    return 0;
  }
  if (resuming) log(`[demo] resuming an interrupted demo load (${existing} of ${generator.events} events stored; stored batches are skipped)`);
  writeMarker(markerFile, { state: 'loading', seed: generator.seed, end, events: generator.events });

  const repo = new EventsRepository(db);
  const started = Date.now();
  const report = (loaded: number) => options.progress?.({ loaded, total: generator.events, elapsedMs: Date.now() - started });
  report(0);
  let batch: LearningEvent[] = [];
  let loaded = 0;
  const flush = async () => {
    await repo.insert(batch, `demo-${generator.seed}-${end}-${loaded}`);
    loaded += batch.length;
    batch = [];
    report(loaded);
  };
  for (const event of generateEvents(generator)) {
    batch.push(event);
    if (batch.length === batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  writeMarker(markerFile, { state: 'complete', seed: generator.seed, end, events: loaded, finishedAt: new Date().toISOString() });
  log(
    `[demo] loaded ${loaded} demo events (${generator.companies} companies, ${generator.courses} courses, ${generator.learners} learners, ${generator.days} days) in ${((Date.now() - started) / 1000).toFixed(1)}s; DEMO_DATA=0 skips this`,
  );
  return loaded;
}

/**
 * A progress line for people: `[demo] loading demo data: 50000 / 150000 events (33%), 8.1 s`.
 * On a terminal it is redrawn in place; elsewhere (a log file, CI) one line per step.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: DemoProgress) => void {
  return ({ loaded, total, elapsedMs }) => {
    const percent = Math.floor((100 * loaded) / Math.max(total, 1));
    const eta = loaded > 0 && loaded < total ? `, about ${Math.ceil(((total - loaded) * elapsedMs) / loaded / 1000)} s to go` : '';
    const line = `[demo] loading demo data: ${loaded} / ${total} events (${percent}%), ${(elapsedMs / 1000).toFixed(1)} s${eta}`;
    if (stream.isTTY) stream.write(`\r${line}\x1b[K${loaded >= total ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}
