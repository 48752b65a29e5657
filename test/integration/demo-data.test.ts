import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SystemRepository } from '../../src/clickhouse/repositories/system.repository';
import { demoOptions, loadDemoDataIfEmpty, type DemoProgress } from '../../src/demo/demo-data';
import { migratedEngine, type TestEngine } from '../helpers/engine';
import { anEvent, toNdjson } from '../helpers/events';
import { startTestServer } from '../helpers/http';

/**
 * The demo loader of `npm start` (issue 15 part 5), on the real engine with a small dataset:
 * progress per batch, nothing at all on a restart (not even a count), an interrupted load
 * resumed without counting a batch twice, and someone's own events left alone.
 */

const SMALL = { ...demoOptions(new Date('2026-03-20T12:00:00Z')), events: 3000, learners: 60, days: 14 };

describe('demo data loader', () => {
  let engine: TestEngine;
  let dir: string;
  beforeEach(async () => {
    engine = await migratedEngine('demo_data');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learnmetrics-demo-'));
  });
  afterEach(async () => {
    await engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const count = () => new SystemRepository(engine.db).countEvents();

  test('loads in batches with progress, then a restart asks ClickHouse nothing', async () => {
    const markerFile = path.join(dir, '.demo-data.json');
    const steps: DemoProgress[] = [];
    const lines: string[] = [];
    const loaded = await loadDemoDataIfEmpty(engine.db, {
      generator: SMALL,
      batch: 1000,
      markerFile,
      progress: (p) => steps.push(p),
      log: (l) => lines.push(l),
    });
    expect(loaded).toBe(3000);
    expect(await count()).toBe(3000);
    expect(steps.map((s) => [s.loaded, s.total])).toEqual([
      [0, 3000],
      [1000, 3000],
      [2000, 3000],
      [3000, 3000],
    ]);
    expect(lines.at(-1)).toMatch(/^\[demo\] loaded 3000 demo events \(4 companies, 10 courses, 60 learners, 14 days\) in \d+\.\ds; DEMO_DATA=0 skips this$/);
    expect(JSON.parse(fs.readFileSync(markerFile, 'utf8'))).toMatchObject({ state: 'complete', events: 3000 });

    const queries: string[] = [];
    const stop = engine.db.onQuery((q) => queries.push(q.operation));
    const again: string[] = [];
    expect(await loadDemoDataIfEmpty(engine.db, { generator: SMALL, batch: 1000, markerFile, log: (l) => again.push(l) })).toBe(0);
    stop();
    expect(queries).toEqual([]);
    expect(again[0]).toMatch(/^\[demo\] demo data already loaded \(3000 events, .+\); not loading it again$/);
  });

  test('an interrupted load is resumed the same day, and no batch is stored twice', async () => {
    const markerFile = path.join(dir, '.demo-data.json');
    const crash = (p: DemoProgress) => {
      if (p.loaded === 2000) throw new Error('killed');
    };
    await expect(loadDemoDataIfEmpty(engine.db, { generator: SMALL, batch: 1000, markerFile, progress: crash, log: () => {} })).rejects.toThrow('killed');
    expect(await count()).toBe(2000);
    expect(JSON.parse(fs.readFileSync(markerFile, 'utf8'))).toMatchObject({ state: 'loading' });

    const lines: string[] = [];
    await loadDemoDataIfEmpty(engine.db, { generator: SMALL, batch: 1000, markerFile, log: (l) => lines.push(l) });
    expect(lines[0]).toBe('[demo] resuming an interrupted demo load (2000 of 3000 events stored; stored batches are skipped)');
    expect(await count()).toBe(3000);
  });

  test("someone's own events (no marker) are left alone", async () => {
    const t = await startTestServer(engine);
    try {
      expect((await t.postEvents(toNdjson([anEvent({ type: 'user.logged_in', user_id: 'u1' })]))).status).toBe(200);
    } finally {
      await t.server.stop();
    }
    const lines: string[] = [];
    expect(await loadDemoDataIfEmpty(engine.db, { generator: SMALL, markerFile: path.join(dir, '.demo-data.json'), log: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual(['[demo] 1 events already stored; not loading demo data']);
    expect(await count()).toBe(1);
  });
});
