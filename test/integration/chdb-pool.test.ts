import { ChdbPool, QueryCancelledError } from '../../src/clickhouse/chdb-pool';
import { createClickHouse, type ClickHouse } from '../../src/clickhouse/client';
import { classifyClickHouseError, clickHouseErrorInfo } from '../../src/clickhouse/errors';
import { identifier, renderLiterals, sql } from '../../src/clickhouse/sql';
import { testConfig, testDataDir, uniqueDatabase } from '../helpers/engine';

/**
 * The pool of chdb sessions on the real embedded engine: parallel answers are each right,
 * cancelling stops the statement inside the engine (the session comes back), a cancelled queued
 * statement never runs, settings stay with their statement, errors keep ClickHouse's code and
 * type, and literal queries on the pool do not clobber parameterized ones on chdb's own path.
 */

/** A statement that runs for hours unless the engine stops it (max_execution_time ends it anyway, long after any test timeout). */
const ENDLESS = 'SELECT count() FROM numbers(100000000000000) WHERE sipHash64(number) % 7 = 3';
const BACKSTOP = { max_execution_time: 600 };

describe('ChdbPool', () => {
  const database = uniqueDatabase('chdb_pool');
  let pool: ChdbPool;
  let single: ChdbPool;

  beforeAll(async () => {
    pool = new ChdbPool({ path: testDataDir(), size: 2 });
    single = new ChdbPool({ path: testDataDir(), size: 1 });
    await pool.command(`CREATE DATABASE ${database}`);
    await pool.command(`CREATE TABLE ${database}.t (k UInt32, v UInt64) ENGINE = MergeTree ORDER BY k`);
    await pool.command(`INSERT INTO ${database}.t SELECT number % 100, number FROM numbers(100000)`);
  });
  afterAll(async () => {
    await pool.command(`DROP DATABASE IF EXISTS ${database}`);
    await pool.close();
    await single.close();
  });

  it('defaults to one session per core', () => {
    expect(ChdbPool.defaultSize()).toBeGreaterThanOrEqual(1);
  });

  it('answers many statements at once, each with its own answer', async () => {
    const ks = Array.from({ length: 40 }, (_, i) => (i * 7) % 100);
    const answers = await Promise.all(
      ks.map((k) =>
        pool.query<{ n: string; s: string }>(renderLiterals(sql`SELECT count() AS n, sum(v) AS s FROM ${identifier(`${database}.t`)} WHERE k = ${k}`)),
      ),
    );
    ks.forEach((k, i) => {
      // v = k + 100 j for j in 0..999
      expect(answers[i]).toEqual([{ n: 1000, s: 1000 * k + 100 * ((999 * 1000) / 2) }]);
    });
    expect(pool.stats()).toMatchObject({ size: 2, busy: 0, queued: 0 });
  });

  it('cancels a running statement: the caller is answered and the engine stops it, freeing the session', async () => {
    const ac = new AbortController();
    const running = single.query(ENDLESS, { settings: BACKSTOP, signal: ac.signal });
    // The next statement waits for the only session, which only the engine's stop frees.
    const next = single.query<{ x: number }>('SELECT 1 AS x');
    expect(single.stats()).toMatchObject({ busy: 1, queued: 1 });
    ac.abort();
    await expect(running).rejects.toBeInstanceOf(QueryCancelledError);
    await expect(running).rejects.toMatchObject({ phase: 'running', code: 'QUERY_CANCELLED' });
    expect(await next).toEqual([{ x: 1 }]);
  });

  it('drops a cancelled statement that is still queued: it never runs', async () => {
    const started = single.stats().started;
    const holder = new AbortController();
    const running = single.query(ENDLESS, { settings: BACKSTOP, signal: holder.signal });
    const ac = new AbortController();
    const queued = single.query('SELECT 1', { signal: ac.signal });
    ac.abort();
    await expect(queued).rejects.toMatchObject({ phase: 'queued' });
    holder.abort();
    await expect(running).rejects.toBeInstanceOf(QueryCancelledError);
    expect(await single.query<{ y: number }>('SELECT 2 AS y')).toEqual([{ y: 2 }]);
    expect(single.stats().started).toBe(started + 2); // ENDLESS and SELECT 2, never SELECT 1
  });

  it('keeps each statement’s settings to itself (a SETTINGS clause, never SET)', async () => {
    const limited = single.query('SELECT number FROM numbers(10)', { settings: { max_result_rows: 1, result_overflow_mode: 'throw' } });
    await expect(limited).rejects.toMatchObject({ code: '396', type: 'TOO_MANY_ROWS_OR_BYTES' });
    const error = await limited.catch((e: unknown) => e);
    expect(clickHouseErrorInfo(error)).toEqual({ code: 396, type: 'TOO_MANY_ROWS_OR_BYTES' });
    expect(classifyClickHouseError(error)).toBe('too_large');
    // Same (only) session, no limit any more.
    expect(await single.query('SELECT number FROM numbers(10)')).toHaveLength(10);
  });

  it('estimates what a statement would read, before running it', async () => {
    expect(await single.estimate(`SELECT count() FROM ${database}.t WHERE v % 2 = 0`)).toMatchObject({ rows: 100000, parts: 1 });
    const pruned = await single.estimate(`SELECT count() FROM ${database}.t WHERE k = 3`);
    expect(pruned.rows).toBeLessThan(100000);
  });

  it('drops settings of the HTTP interface, which the embedded engine refuses', async () => {
    expect(await single.query('SELECT 1 AS x', { settings: { wait_end_of_query: 1, http_wait_end_of_query: 1, max_threads: 2 } })).toEqual([{ x: 1 }]);
  });

  it('maps a statement stopped by max_execution_time to TIMEOUT_EXCEEDED', async () => {
    const error = await single.query(ENDLESS, { settings: { max_execution_time: 1, timeout_overflow_mode: 'throw' } }).catch((e: unknown) => e);
    expect(clickHouseErrorInfo(error)).toEqual({ code: 159, type: 'TIMEOUT_EXCEEDED' });
    expect(classifyClickHouseError(error)).toBe('timeout');
  });

  it('maps syntax errors with their code and type', async () => {
    const error = await single.query('SELEC 1').catch((e: unknown) => e);
    expect(clickHouseErrorInfo(error)).toEqual({ code: 62, type: 'SYNTAX_ERROR' });
  });

  it('inserts with per-insert settings that do not stay on the session', async () => {
    await single.command(`CREATE TABLE ${database}.d (id UInt32) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100`);
    await single.insert(`${database}.d`, [{ id: 1 }], { settings: { insert_deduplication_token: 'tok-1' } });
    await single.insert(`${database}.d`, [{ id: 1 }], { settings: { insert_deduplication_token: 'tok-1' } }); // a retry: dropped
    await single.insert(`${database}.d`, [{ id: 2 }]); // no token: must not be taken for a retry of tok-1
    expect(await single.query(`SELECT id FROM ${database}.d ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  describe('beside parameterized queries on the same data directory', () => {
    let params: ClickHouse;
    beforeAll(() => {
      params = createClickHouse({ ...testConfig('chdb_pool_params'), sqlRendering: 'params' });
    });
    afterAll(async () => {
      await params.close();
    });

    it('a literal query and a parameterized query never see each other’s values', async () => {
      const n = 60;
      const viaPool = Array.from({ length: n }, (_, i) =>
        pool.query<{ v: string; i: number }>(renderLiterals(sql`SELECT ${`lit-${i}'\\`} AS v, ${i} AS i, sleepEachRow(0.001) FROM numbers(3) LIMIT 1`)),
      );
      const viaParams = Array.from({ length: n }, (_, i) =>
        params.query<{ v: string; i: number }>('test.param', sql`SELECT ${`par-${i}`} AS v, ${i} AS i FROM numbers(3) LIMIT 1`),
      );
      const [a, b] = await Promise.all([Promise.all(viaPool), Promise.all(viaParams)]);
      a.forEach((rows, i) => expect(rows.map(({ v, i: j }) => ({ v, j }))).toEqual([{ v: `lit-${i}'\\`, j: i }]));
      b.forEach((rows, i) => expect(rows.map(({ v, i: j }) => ({ v, j: Number(j) }))).toEqual([{ v: `par-${i}`, j: i }]));
    });
  });
});
