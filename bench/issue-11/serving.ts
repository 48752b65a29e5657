import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { migrate } from '../../src/clickhouse/migrations';
import { createServices } from '../../src/services';
import { benchEvents, chunks, countDataSet, forEachConcurrently } from '../dataset';
import { benchServing, renderServing } from '../serving.bench';
import { load1, openLab } from './common';

/**
 * Section 9 (serving) on its own, at a small scale: loads the bench data set into a kept data
 * directory once (`--data`, default /tmp/serving-bench), then measures throughput with the answer
 * cache off and on, the flood and the deadline overshoot (bench/serving.bench.ts).
 *
 *   npx ts-node --transpile-only bench/issue-11/serving.ts --events 200000 --duration 10
 */
async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      data: { type: 'string', default: '/tmp/serving-bench' },
      duration: { type: 'string', default: '10' },
      levels: { type: 'string', default: '1,10,50' },
      samples: { type: 'string', default: '15' },
      deadline: { type: 'string', default: '1' },
      // Another kept store of the same data set, e.g. the issue-14 bench's issue14_10000000.
      database: { type: 'string' },
    },
  });
  const lab = openLab({ events: Number(values.events), data: values.data!, sessions: 2, database: values.database });
  try {
    await migrate(lab.db);
    const [{ n }] = await lab.pool.query<{ n: number }>(`SELECT count() AS n FROM ${lab.database}.events`);
    if (Number(n) === 0) {
      const counted = countDataSet(lab.events);
      await forEachConcurrently(chunks(benchEvents(lab.events, counted.repeatedIds), 5000), 2, (batch) => lab.pool.insert(`${lab.database}.events`, batch));
      console.error(`loaded ${counted.total} events`);
    }
    const config = {
      ...lab.config,
      authJwtSecret: randomBytes(32).toString('hex'),
      rateLimitPerMinute: 0,
      rateLimitIngestPerMinute: 0,
      limits: { ...lab.config.limits, maxAliases: 100, maxRootFields: 100 },
    };
    const services = createServices(lab.db, config);
    const m = await benchServing(
      { db: lab.db, services, log: (line) => console.error(line) },
      {
        levels: values.levels!.split(',').map(Number),
        durationSeconds: Number(values.duration),
        samples: Number(values.samples),
        deadlineSeconds: Number(values.deadline),
      },
    );
    console.log(`events ${lab.events}, load ${load1().toFixed(1)}`);
    console.log(renderServing(m));
    console.log(JSON.stringify(m));
  } finally {
    await lab.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
