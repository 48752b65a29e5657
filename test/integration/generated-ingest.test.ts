import { generateEvents, postEventBatches, type GeneratorOptions } from '../../src/generator';
import { sql } from '../../src/clickhouse/sql';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { startTestServer, type TestServer } from '../helpers/http';
import { rollupDifferences } from '../helpers/rollups';

/** Generated journeys sent through the real endpoint, like `npm run generate -- --url`. */
describe('generated data through POST /v1/events', () => {
  let engine: TestEngine;
  let t: TestServer;
  const options: GeneratorOptions = { events: 20_000, companies: 3, learners: 300, courses: 5, days: 30, seed: 7, end: new Date('2026-04-01T00:00:00Z') };

  beforeAll(async () => {
    engine = await migratedEngine('generated');
    t = await startTestServer(engine);
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
  });

  it('accepts every generated event, and every rollup agrees with the raw events', async () => {
    const result = await postEventBatches(generateEvents(options), {
      url: `${t.base}/v1/events`,
      batchSize: 2000,
      concurrency: 3,
      seed: options.seed,
      token: t.adminToken,
    });
    expect(result).toMatchObject({ accepted: options.events, rejected: 0 });
    const stored = await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')}`);
    expect(Number(stored[0].n)).toBe(options.events);
    expect(await rollupDifferences(engine.db)).toEqual([]);
  });

  it('adds nothing when the same seed is sent again (same Idempotency-Keys, same event ids)', async () => {
    const again = await postEventBatches(generateEvents(options), {
      url: `${t.base}/v1/events`,
      batchSize: 2000,
      concurrency: 3,
      seed: options.seed,
      token: t.adminToken,
    });
    expect(again).toMatchObject({ accepted: options.events, rejected: 0 });
    const stored = await engine.db.query<{ n: string }>('test.count', sql`SELECT count() AS n FROM ${engine.db.table('events')}`);
    expect(Number(stored[0].n)).toBe(options.events);
    expect(await rollupDifferences(engine.db)).toEqual([]);
  });
});
