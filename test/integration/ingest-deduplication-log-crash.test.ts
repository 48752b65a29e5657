import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { runScript, startChildServer } from '../helpers/fault/child-server';

/**
 * A kill -9 inside ClickHouse's commit of one table's part: the block is recorded in the table's
 * deduplication log, its part is not yet renamed into place (MergeTreeSink::commitPart). At
 * restart the temporary part is gone and the record stays, so the journal replay of that batch,
 * with the batch's own token, was dropped by that table as a duplicate of nothing (seen in CI:
 * a batch in every rollup and not in `events`, 400 acknowledged events missing). The state is
 * built here without a race: a batch stored, written back to the journal, and the part of one
 * table taken away while no engine runs. At restart every table must hold the batch once.
 */
describe('a part lost between its deduplication record and its commit', () => {
  const root = path.join(os.tmpdir(), 'learnmetrics-test', `dedup-log-${process.pid}-${randomBytes(3).toString('hex')}`);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function loseThenRestart(table: string) {
    const dataDir = path.join(root, table);
    const env = { DATA_DIR: dataDir, RATE_LIMIT_INGEST_PER_MINUTE: '0' };
    const state = JSON.parse(await runScript('test/helpers/fault/batch-in-flight.ts', [], env)) as {
      database: string;
      ids: string[];
      tables: Record<string, string>;
    };
    const tableDir = state.tables[table]!;
    // The batch is alone in May 2026: every part of that partition is the batch's.
    const parts = fs.readdirSync(tableDir).filter((name) => name.startsWith('202605_'));
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) fs.rmSync(path.join(tableDir, part), { recursive: true });

    const server = await startChildServer(env);
    const repaired = server.logs.find((l) => String(l.msg).startsWith('deduplication logs: removed'));
    const replayed = server.logs.find((l) => String(l.msg).includes('ingest journal'));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(repaired?.tables).toEqual([`${state.database}.${table}`]);
    expect(replayed?.replayed).toBe(1);
    const idsFile = path.join(dataDir, 'ids.json');
    fs.writeFileSync(idsFile, JSON.stringify(state.ids));
    return JSON.parse(await runScript('test/helpers/fault/inspect-store.ts', [idsFile], env)) as Record<string, unknown>;
  }

  it('events: the replay stores the batch in events, and nothing twice in the rollups that have it', async () => {
    expect(await loseThenRestart('events')).toMatchObject({ rows: 60, distinctIds: 60, missing: 0, storedTwice: 0, differences: 0 });
  });

  it('a rollup: the replay completes that rollup, and stores nothing twice in events', async () => {
    expect(await loseThenRestart('rollup_event_counts')).toMatchObject({ rows: 60, distinctIds: 60, missing: 0, storedTwice: 0, differences: 0 });
  });
});
