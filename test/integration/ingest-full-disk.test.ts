import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { anEvent, toNdjson } from '../helpers/events';
import { tokenFor } from '../helpers/http';
import { startChildServer, type ChildServer } from '../helpers/fault/child-server';

/**
 * Issue 12, deliverables 3 and 7: the data directory on a small tmpfs (a private mount
 * namespace of the child: `unshare -m`, so nothing is left mounted), filled up while the
 * server runs. Measured on the old path: 503 "nothing was stored" while 4,000 of the events
 * were in `events`, rollups 344 differences off, /readyz ready. Now: 503 only with nothing
 * stored, /readyz not ready until a write succeeds again, and no rollup difference.
 */

function unshareWorks(): string | null {
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `unshare -m + mount tmpfs is not allowed here (${(error as Error).message.split('\n')[0]})`;
  }
}

const skip = unshareWorks();
const maybe = skip ? it.skip : it;
if (skip) console.warn(`full-disk test skipped: ${skip}`);

describe('ingest on a full disk', () => {
  const root = path.join(os.tmpdir(), 'learnmetrics-test', `full-disk-${process.pid}-${randomBytes(3).toString('hex')}`);
  const mountPoint = path.join(root, 'small');
  const journal = path.join(root, 'journal');
  let server: ChildServer | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    fs.rmSync(root, { recursive: true, force: true });
  });

  maybe('answers 503 only when nothing is stored, reports not ready, and recovers once space is freed', async () => {
    fs.mkdirSync(mountPoint, { recursive: true });
    const env = { DATA_DIR: path.join(mountPoint, 'data'), INGEST_JOURNAL_DIR: journal, RATE_LIMIT_INGEST_PER_MINUTE: '0' };
    const events = Array.from({ length: 4000 }, (_, i) => anEvent({ user_id: `disk-${i % 40}` }));
    const idsFile = path.join(root, 'ids.json');
    fs.writeFileSync(idsFile, JSON.stringify(events.map((e) => e.event_id)));
    // The data lives on the child's tmpfs and goes with its namespace, so the same shell
    // inspects it (one JSON line on stdout) after the server stopped.
    const inspect = `${path.resolve(__dirname, '../../node_modules/.bin/ts-node')} --transpile-only ${path.resolve(__dirname, '../helpers/fault/inspect-store.ts')} ${idsFile}`;
    server = await startChildServer(env, (command) => [
      'unshare',
      ['-m', 'sh', '-c', `mount -t tmpfs -o size=200m tmpfs ${mountPoint} && ${command.replace(/^exec /, '')} && ${inspect}`],
    ]);
    const serverPid = Number(server.logs.find((l) => typeof l.url === 'string')!.pid);
    const inside = path.join(`/proc/${server.child.pid}/root`, mountPoint);
    const auth = { 'content-type': 'application/x-ndjson', authorization: `Bearer ${await tokenFor('ingest')}` };
    const body = toNdjson(events);
    const post = () => fetch(`${server!.base}/v1/events`, { method: 'POST', headers: { ...auth, 'idempotency-key': 'full-disk-1' }, body });

    // Fill the tmpfs to the last block.
    const filler = path.join(inside, 'filler');
    const { bavail, bsize } = fs.statfsSync(inside);
    const fd = fs.openSync(filler, 'w');
    const chunk = Buffer.alloc(1024 * 1024);
    try {
      for (let left = bavail * bsize; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      fs.closeSync(fd);
    }

    const refused = await post();
    const answer = (await refused.json()) as Record<string, unknown>;
    expect({ status: refused.status, answer }).toMatchObject({ status: 503, answer: { error: expect.stringMatching(/nothing was stored/) } });
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await fetch(`${server.base}/readyz`)).status).toBe(503);

    fs.rmSync(filler);
    expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
    const retried = await post();
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ accepted: 4000, duplicates: 0 });

    process.kill(serverPid, 'SIGTERM');
    expect(await server.exited).toBe(0);
    const report = server.logs.find((l) => 'rows' in l);
    expect(report).toMatchObject({ rows: 4000, distinctIds: 4000, missing: 0, storedTwice: 0, differences: 0 });
  });
});
