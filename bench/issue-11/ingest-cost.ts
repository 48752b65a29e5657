import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ChdbPool } from '../../src/clickhouse/chdb-pool';
import { createClickHouse } from '../../src/clickhouse/client';
import { migrate, splitStatements } from '../../src/clickhouse/migrations';
import { loadConfig } from '../../src/config/config';
import { benchEvents, chunks } from '../dataset';
import { args, fmt, load1, median } from './common';

/**
 * What each added materialized view costs at ingest (issue 11 target: the new rollups may cost
 * at most 15% of ingest throughput). One fresh database per variant on a data directory of its
 * own; the same 5,000-event batches go into every variant in turn (rotating order), one insert
 * at a time, with the ingest path's own settings (EventsRepository.insert: dedup token, views
 * deduplicated, one block per batch). Events/s per variant = events / summed insert time.
 */
const DRAFTS = path.join(__dirname, '../../docs/drafts/issue-11-rollups');
const draft = (name: string) => fs.readFileSync(path.join(DRAFTS, name), 'utf8');
const DRAFT_FILES = fs
  .readdirSync(DRAFTS)
  .filter((f) => f.endsWith('.sql'))
  .sort();

async function main() {
  const a = args();
  const events = Math.min(a.events, 400_000);
  const dataDir = `${a.data}-ingest`;
  const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), sqlRendering: 'literals' as const };
  const pool = new ChdbPool({ path: dataDir, size: 1, sessionSettings: { date_time_input_format: 'best_effort' } });
  const run = randomUUID().slice(0, 6);
  // Each variant: the draft files added to today's migrations, and today's views it drops
  // (the 15-minute table can take over every read of the hourly active-users table).
  const variants: Record<string, { add: string[]; drop?: string[] }> = {
    'today (events + 7 hourly views)': { add: [] },
    '+ 0012 active users daily states': { add: ['0012_rollup_active_users_daily.sql'] },
    '+ per-(day, user) rows (candidate)': { add: ['../../../bench/issue-11/candidates/active_user_days.sql'] },
    '+ 0012-0014 (all drafts)': { add: DRAFT_FILES },
    '+ 0012-0014, hourly active users dropped': { add: DRAFT_FILES, drop: ['mv_rollup_active_users'] },
  };
  const names = Object.keys(variants);
  const dbs: Record<string, string> = {};
  try {
    for (const [i, name] of names.entries()) {
      const database = `ingest_${run}_${i}`;
      dbs[name] = database;
      const db = createClickHouse({ ...config, database });
      await migrate(db);
      await db.close();
      for (const file of variants[name].add) for (const s of splitStatements(draft(file), database)) await pool.command(s);
      for (const view of variants[name].drop ?? []) await pool.command(`DROP VIEW ${database}.${view}`);
    }
    const ms: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    // CPU time of this process (the engine runs in it) during each insert: less sensitive than
    // wall time to the other processes of a shared machine (background merges still land anywhere).
    const cpu: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    let b = 0;
    for (const batch of chunks(benchEvents(events), 5000)) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(b + j) % names.length];
        const t = performance.now();
        const c = process.cpuUsage();
        await pool.insert(`${dbs[name]}.events`, batch, {
          settings: {
            insert_deduplicate: 1,
            insert_deduplication_token: `${run}-${b}`,
            deduplicate_blocks_in_dependent_materialized_views: 1,
            max_insert_block_size: 1_048_576,
            min_insert_block_size_rows: 0,
            min_insert_block_size_bytes: 0,
          },
        });
        ms[name].push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu[name] += (used.user + used.system) / 1000;
      }
      b++;
      if (b % 10 === 0) process.stderr.write(`  ${b} batches, load ${fmt(load1(), 2)}\n`);
    }
    const base = ms[names[0]].reduce((x, y) => x + y, 0);
    const out = names.map((n) => {
      const total = ms[n].reduce((x, y) => x + y, 0);
      return {
        variant: n,
        eventsPerSecond: Math.round((events / total) * 1000),
        batchP50Ms: Number(fmt(median(ms[n]), 1)),
        throughputVsToday: Number(fmt(base / total, 3)),
        cpuMsPerBatch: Number(fmt(cpu[n] / ms[n].length, 1)),
        cpuVsToday: Number(fmt(cpu[names[0]] / cpu[n], 3)),
      };
    });
    for (const o of out)
      console.log(
        `${o.variant.padEnd(42)} ${String(o.eventsPerSecond).padStart(7)} events/s  batch p50 ${fmt(o.batchP50Ms)} ms  x${o.throughputVsToday}  cpu ${o.cpuMsPerBatch} ms/batch  x${o.cpuVsToday}`,
      );
    console.log(JSON.stringify({ events, batches: b, load1End: load1(), out }));
  } finally {
    for (const database of Object.values(dbs)) await pool.command(`DROP DATABASE IF EXISTS ${database}`).catch(() => undefined);
    await pool.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
