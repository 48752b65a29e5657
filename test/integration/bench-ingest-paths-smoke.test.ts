import { runScript } from '../helpers/fault/child-server';

/**
 * `npm run bench -- --sections ingestPaths` (issue 12's ratios) on a few small batches, so the
 * section cannot rot: every path must store every event of every batch (the bench counts each
 * path's database and fails otherwise) and the POST must answer 200 with no duplicates. Timings
 * are not asserted.
 *
 * In a child process with its own data directory (the bench makes one), as `npm run bench` runs:
 * the section opens and closes chdb sessions of its own, and run inside a jest worker, on the
 * worker's shared engine, two of three CI runs stalled in a later test file (0374a14).
 */
describe('bench ingestPaths (smoke)', () => {
  // Two in flight: the pipelined senders too (one in flight is the same code with one sender).
  it('stores every batch on every path with 2 in flight', async () => {
    const args = ['--sections', 'ingestPaths', '--ingest-batches', '4', '--batch-size', '40', '--ingest-in-flight', '2'];
    const out = await runScript('bench/run.ts', [...args, '--no-postgres', '--no-dashboard'], {});
    expect(out).toMatch(/\d+ batches of 40 events each, 2 in flight per path/);
    for (const path of ['`POST /v1/events`', 'raw chdb `Session.insert`', 'the engine work alone']) expect(out).toContain(`| ${path}`);
  });
});
