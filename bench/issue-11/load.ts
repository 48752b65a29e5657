import 'reflect-metadata';
import { migrate } from '../../src/clickhouse/migrations';
import { RollupVerificationRepository } from '../../src/clickhouse/repositories/rollup-verification.repository';
import { benchEvents, chunks, countDataSet, DATA_END, forEachConcurrently } from '../dataset';
import { args, load1, openLab } from './common';

/**
 * Loads the bench data set (bench/dataset.ts: the generator with seed 1, login form steps, no
 * repeated ids) into `issue11_<events>` through the session pool, `--sessions` inserts at a time
 * (two sessions inserting into the same MergeTree with its six materialized views), then checks
 * every rollup against raw events (the verify-rollups recomputation): concurrent inserts must
 * leave the rollups exact.
 */
async function main() {
  const a = args();
  const lab = openLab(a);
  try {
    await migrate(lab.db);
    const [{ n }] = await lab.pool.query<{ n: number }>(`SELECT count() AS n FROM ${lab.database}.events`);
    if (n > 0) {
      console.log(`${lab.database} already holds ${n} events`);
    } else {
      const counted = countDataSet(a.events);
      const started = performance.now();
      let done = 0;
      await forEachConcurrently(chunks(benchEvents(a.events, counted.repeatedIds), 5000), a.sessions, async (batch) => {
        await lab.pool.insert(`${lab.database}.events`, batch);
        done += batch.length;
        if (done % 200_000 < 5000)
          process.stderr.write(`  ${done} events, ${Math.round(done / ((performance.now() - started) / 1000))}/s, load ${load1().toFixed(2)}\n`);
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(JSON.stringify({ loaded: done, expected: counted.total, seconds, eventsPerSecond: done / seconds, sessions: a.sessions, load1: load1() }));
    }
    const from = new Date(Date.parse(`${DATA_END}T00:00:00Z`) - 90 * 86_400_000);
    const reports = await new RollupVerificationRepository(lab.db).verify(from, new Date(`${DATA_END}T00:00:00Z`));
    for (const r of reports) console.log(`verify ${r.rollup}: ${r.groups} groups, ${r.differences.length} differences`);
  } finally {
    await lab.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
