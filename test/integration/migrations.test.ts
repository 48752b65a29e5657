import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, pendingMigrations, readMigrationFiles } from '../../src/clickhouse/migrations';
import { applyRawRetention } from '../../src/clickhouse/retention';
import { sql } from '../../src/clickhouse/sql';
import { ROLLUP_TABLES } from '../../src/clickhouse/tables';
import { freshEngine } from '../helpers/engine';

describe('migrations on the embedded engine', () => {
  const { db, config, dispose } = freshEngine('migrations');

  afterAll(dispose);

  it('applies every file in order, then applies nothing on a second run', async () => {
    const files = readMigrationFiles().map((f) => f.name);
    expect(await migrate(db)).toEqual(files);
    expect(await migrate(db)).toEqual([]);
    const recorded = await db.query<{ name: string }>('test.recorded', sql`SELECT name FROM ${db.table('schema_migrations')} ORDER BY name`);
    expect(recorded.map((r) => r.name)).toEqual(files);
  });

  it('creates the events MergeTree, the rollup AggregatingMergeTrees and their materialized views', async () => {
    const rows = await db.query<{ name: string; engine: string; dedup: string }>(
      'test.tables',
      sql`SELECT name, engine, extract(create_table_query, 'non_replicated_deduplication_window = (\\d+)') AS dedup
          FROM system.tables WHERE database = ${config.database} ORDER BY name`,
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('events')).toMatchObject({ engine: 'MergeTree', dedup: '10000' });
    for (const rollup of ROLLUP_TABLES) {
      // Without the window on every rollup, a retried batch is dropped from events but counted again here.
      expect(byName.get(rollup)).toMatchObject({ engine: 'AggregatingMergeTree', dedup: '10000' });
      expect(byName.get(`mv_${rollup}`)).toMatchObject({ engine: 'MaterializedView' });
    }
  });

  it('refuses to run when an applied migration was edited, naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    for (const file of readMigrationFiles()) fs.writeFileSync(path.join(dir, file.name), file.text);
    fs.appendFileSync(path.join(dir, '0003_rollup_active_users.sql'), '\n-- an edit\n');
    await expect(pendingMigrations(db, readMigrationFiles(dir))).rejects.toThrow(/0003_rollup_active_users\.sql was edited after it was applied/);
  });

  it('sets the raw retention TTL when configured and removes it when turned off', async () => {
    const ttl = async () =>
      (
        await db.query<{ q: string }>(
          'test.ttl',
          sql`SELECT create_table_query AS q FROM system.tables WHERE database = ${config.database} AND name = 'events'`,
        )
      )[0].q;
    await applyRawRetention(db, 30);
    expect(await ttl()).toMatch(/TTL toDateTime\(timestamp\) \+ toIntervalDay\((_CAST\()?30\b/);
    await applyRawRetention(db, 0);
    expect(await ttl()).not.toMatch(/\bTTL\b/);
  });
});
