import os from 'node:os';
import { createClickHouse, type ClickHouse } from '../src/clickhouse/client';
import { migrate, readMigrationFiles } from '../src/clickhouse/migrations';
import { EventsRepository } from '../src/clickhouse/repositories/events.repository';
import { identifier, sql } from '../src/clickhouse/sql';
import type { Config } from '../src/config/config';
import type { LearningEvent } from '../src/domain/event';
import { chunks } from './dataset';

/** The issue-11 rollup migrations (their ranges 0020-0029 and 0080-0089): added tables and views, and the hourly active-users view they drop. */
const ISSUE_11 = (name: string) => (name >= '0020' && name < '0030') || (name >= '0080' && name < '0090');

export interface RollupIngestMeasurement {
  events: number;
  batches: number;
  /** Events per second of summed insert time, per variant. */
  eventsPerSecond: { without: number; with: number };
  /** with / without: 1 = no cost; the issue-11 budget is >= 0.85. */
  ratio: number;
  /** This process's CPU time per batch (the engine runs in it), per variant, ms. */
  cpuMsPerBatch: { without: number; with: number };
  cpuRatio: number;
  load1: { before: number; after: number };
}

/**
 * Ingest throughput with the issue-11 rollups (0020-0029, 0080-0089) vs without them: two fresh databases,
 * one migrated without those files, one with all; the same batches go into both, one at a
 * time, alternating which goes first, through EventsRepository.insert (the ingest path's dedup
 * token and view settings). Events/s = events / summed insert time of the variant.
 */
export async function benchRollupIngest(
  config: Config,
  prefix: string,
  events: () => Iterable<LearningEvent>,
  count: number,
  batchSize: number,
  /** The migrations the "without" database leaves out (default: the issue-11 rollups). */
  leftOut: (migration: string) => boolean = ISSUE_11,
): Promise<RollupIngestMeasurement> {
  const files = readMigrationFiles();
  const dbs: Record<'without' | 'with', ClickHouse> = {
    without: createClickHouse({ ...config, database: `${prefix}_ingest_without` }),
    with: createClickHouse({ ...config, database: `${prefix}_ingest_with` }),
  };
  const drop = (db: ClickHouse) => db.command('bench.drop', sql`DROP DATABASE IF EXISTS ${identifier(db.database)}`);
  const load1Before = os.loadavg()[0];
  try {
    await drop(dbs.without);
    await drop(dbs.with);
    await migrate(
      dbs.without,
      () => {},
      files.filter((f) => !leftOut(f.name)),
    );
    await migrate(dbs.with, () => {}, files);
    const repos = { without: new EventsRepository(dbs.without), with: new EventsRepository(dbs.with) };
    const ms = { without: 0, with: 0 };
    const cpu = { without: 0, with: 0 };
    let batches = 0;
    let done = 0;
    const iterator = events()[Symbol.iterator]();
    const slice: LearningEvent[] = [];
    for (let next = iterator.next(); !next.done && done + slice.length < count; next = iterator.next()) slice.push(next.value);
    for (const batch of chunks(slice, batchSize)) {
      const order: ('without' | 'with')[] = batches % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const variant of order) {
        const c = process.cpuUsage();
        const t = performance.now();
        await repos[variant].insert(batch, `bench-rollup-ingest-${batches}`);
        ms[variant] += performance.now() - t;
        const used = process.cpuUsage(c);
        cpu[variant] += (used.user + used.system) / 1000;
      }
      batches += 1;
      done += batch.length;
    }
    const eventsPerSecond = { without: done / (ms.without / 1000), with: done / (ms.with / 1000) };
    const cpuMsPerBatch = { without: cpu.without / batches, with: cpu.with / batches };
    return {
      events: done,
      batches,
      eventsPerSecond,
      ratio: eventsPerSecond.with / eventsPerSecond.without,
      cpuMsPerBatch,
      cpuRatio: cpuMsPerBatch.without / cpuMsPerBatch.with,
      load1: { before: load1Before, after: os.loadavg()[0] },
    };
  } finally {
    for (const db of Object.values(dbs)) {
      await drop(db).catch(() => {});
      await db.close();
    }
  }
}
