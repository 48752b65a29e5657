import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { anEvent, toNdjson } from '../helpers/events';
import { tokenFor } from '../helpers/http';
import { runScript, startChildServer, type ChildServer } from '../helpers/fault/child-server';

/**
 * Issue 12, deliverable 7: a real server process killed with SIGKILL while several clients
 * post batches, then restarted on the same data directory. The clients resend what was not
 * acknowledged (same Idempotency-Key, same body), as a producer does. Then, from a separate
 * process: every acknowledged event is stored exactly once and every rollup agrees with the
 * raw events (the journal replay at start completed whatever the kill cut off).
 */

const BATCHES = 24;
const PER_BATCH = 400;
const SENDERS = 4;

function batchBody(i: number): { body: string; ids: string[] } {
  const types = ['course.enrolled', 'lesson.completed', 'quiz.completed', 'user.logged_in', 'payment.succeeded', 'page.viewed'];
  const events = Array.from({ length: PER_BATCH }, (_, j) =>
    anEvent({
      type: types[j % types.length],
      user_id: `crash-u${(i * 7 + j) % 97}`,
      company_id: `company-0${j % 3}`,
      timestamp: new Date(Date.UTC(2026, 2, 1 + (j % 5), (i + j) % 24, j % 60)).toISOString(),
    }),
  );
  return { body: toNdjson(events), ids: events.map((e) => e.event_id!) };
}

describe('SIGKILL during ingest under load, then restart', () => {
  const dataDir = path.join(os.tmpdir(), 'learnmetrics-test', `crash-${process.pid}-${randomBytes(3).toString('hex')}`);
  let server: ChildServer | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged event and leaves no rollup difference', async () => {
    const env = { DATA_DIR: dataDir, RATE_LIMIT_INGEST_PER_MINUTE: '0' };
    // A platform source writing several companies' events needs ingest:any-company (src/ingest/write-scope.ts).
    const auth = `Bearer ${await tokenFor('ingest', undefined, ['ingest:any-company'])}`;
    const batches = Array.from({ length: BATCHES }, (_, i) => batchBody(i));
    const acknowledged = new Set<number>();
    const post = (base: string, i: number) =>
      fetch(`${base}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: auth, 'idempotency-key': `crash-${i}` },
        body: batches[i]!.body,
      });

    server = await startChildServer(env);
    const first = server;
    let next = 0;
    let killed = false;
    // Each sender posts batches in turn; the server is killed once a third of them are acknowledged, with others in flight.
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < BATCHES && !killed) {
          const i = next++;
          try {
            const res = await post(first.base, i);
            if (res.status === 200) acknowledged.add(i);
            await res.text();
          } catch {
            // connection reset by the kill: not acknowledged
          }
          if (acknowledged.size >= BATCHES / 3 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      }),
    );
    await first.exited;
    const beforeRestart = acknowledged.size;
    expect(beforeRestart).toBeGreaterThanOrEqual(BATCHES / 3);
    expect(beforeRestart).toBeLessThan(BATCHES);

    server = await startChildServer(env);
    // The producer resends everything it has no answer for, with the same key and body.
    for (let i = 0; i < BATCHES; i++) {
      if (acknowledged.has(i)) continue;
      const res = await post(server.base, i);
      const answer = (await res.json()) as { accepted: number; duplicates: number };
      expect(res.status).toBe(200);
      expect(answer.accepted).toBe(PER_BATCH);
      acknowledged.add(i);
    }
    // A resend of an acknowledged batch replays its answer and stores nothing.
    const replay = await post(server.base, [...acknowledged][0]!);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const idsFile = path.join(dataDir, 'acknowledged-ids.json');
    fs.writeFileSync(idsFile, JSON.stringify(batches.flatMap((b) => b.ids)));
    const report = JSON.parse(await runScript('test/helpers/fault/inspect-store.ts', [idsFile], { DATA_DIR: dataDir })) as Record<string, unknown>;
    expect(report).toMatchObject({ rows: BATCHES * PER_BATCH, distinctIds: BATCHES * PER_BATCH, missing: 0, storedTwice: 0, differences: 0 });
  });
});
