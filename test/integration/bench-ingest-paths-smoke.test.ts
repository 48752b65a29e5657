import 'reflect-metadata';
import { benchIngestPaths, renderIngestPaths } from '../../bench/ingest-paths.bench';
import { identifier, sql } from '../../src/clickhouse/sql';
import { createClickHouse } from '../../src/clickhouse/client';
import { testConfig, uniqueDatabase } from '../helpers/engine';

/**
 * `npm run bench -- --sections ingestPaths` (issue 12's ratios) on a few small batches, one and
 * two in flight, so the section cannot rot: every path must store every event of every batch
 * (the bench counts each path's database and throws otherwise) and the POST must answer 200
 * with no duplicates. Timings are not asserted.
 */
describe('bench ingestPaths (smoke)', () => {
  const config = testConfig('bench_ip');
  const prefix = uniqueDatabase('bip');

  afterAll(async () => {
    const db = createClickHouse(config);
    for (const path of ['http', 'raw', 'engine']) {
      await db.command('test.drop', sql`DROP DATABASE IF EXISTS ${identifier(`${prefix}_ip_${path}`)}`);
    }
    await db.close();
  });

  it.each([1, 2])('stores every batch on every path with %i in flight', async (inFlight) => {
    const result = await benchIngestPaths(config, `${prefix}`, { batches: 2 * inFlight, batchSize: 40, inFlight, log: () => {} });
    expect(result.batches).toBeGreaterThanOrEqual(2 * inFlight);
    for (const ms of Object.values(result.medianMs)) expect(ms).toBeGreaterThan(0);
    expect(renderIngestPaths(result)).toContain('`POST /v1/events`');
  });
});
