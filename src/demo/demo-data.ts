import type { ClickHouse } from '../clickhouse/client';
import { EventsRepository } from '../clickhouse/repositories/events.repository';
import { SystemRepository } from '../clickhouse/repositories/system.repository';
import type { LearningEvent } from '../domain/event';
import { generateEvents, type GeneratorOptions } from '../generator';

/** Tomorrow 00:00 UTC: the demo's 90 days end with today, so dashboards show recent numbers. */
function endOfToday(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Small enough to load in seconds on 2 cores, large enough for every metric to show something. */
export function demoOptions(now = new Date()): GeneratorOptions {
  return { events: 150_000, companies: 4, learners: 1500, courses: 10, days: 90, seed: 42, end: endOfToday(now) };
}

const BATCH = 25_000;

/**
 * Loads the deterministic demo dataset into an empty events table, so a newcomer sees real
 * numbers at once. Batches carry deterministic deduplication tokens, so a start interrupted
 * and repeated cannot load a batch twice.
 */
export async function loadDemoDataIfEmpty(db: ClickHouse, log: (line: string) => void = console.log): Promise<number> {
  const existing = await new SystemRepository(db).countEvents();
  if (existing > 0) {
    log(`[demo] ${existing} events already stored; not loading demo data`);
    return 0;
  }
  const options = demoOptions();
  const repo = new EventsRepository(db);
  const started = Date.now();
  let batch: LearningEvent[] = [];
  let loaded = 0;
  for (const event of generateEvents(options)) {
    batch.push(event);
    if (batch.length === BATCH) {
      await repo.insert(batch, `demo-${options.seed}-${options.end.toISOString()}-${loaded}`);
      loaded += batch.length;
      batch = [];
      log(`[demo] loaded ${loaded} / ${options.events} events`);
    }
  }
  if (batch.length > 0) {
    await repo.insert(batch, `demo-${options.seed}-${options.end.toISOString()}-${loaded}`);
    loaded += batch.length;
  }
  log(
    `[demo] loaded ${loaded} demo events (${options.companies} companies, ${options.courses} courses, ${options.learners} learners, ${options.days} days) in ${((Date.now() - started) / 1000).toFixed(1)}s; DEMO_DATA=0 skips this`,
  );
  return loaded;
}
