/**
 * Issue 12's fault target: 0 acknowledged events lost and 0 rollup differences over N kill -9
 * cycles under load (`npm run kill-cycles -- --cycles 5`). The suite's
 * test/integration/ingest-crash.test.ts does one cycle; this runs as many as asked on one data
 * directory, so every restart also replays what the previous kill left in the journal.
 *
 * Each cycle: start a real server (src/main.ts) as a child process, resend (same key, same body)
 * every batch the previous cycle got no answer for, post new batches from several senders, and
 * SIGKILL the server once a third of the cycle's new batches are acknowledged, with others in
 * flight. After the last cycle: restart, resend what is left, stop, and inspect the data
 * directory from a separate process: every acknowledged event stored once, every rollup equal
 * to its recomputation from raw events. Prints one JSON report; exits 1 if any count is off.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mintToken } from '../src/auth/tokens';
import { anEvent, toNdjson } from '../test/helpers/events';
import { TEST_JWT_SECRET } from '../test/helpers/engine';
import { runScript, startChildServer, type ChildServer } from '../test/helpers/fault/child-server';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '5' },
    batches: { type: 'string', default: '24' },
    'per-batch': { type: 'string', default: '400' },
    senders: { type: 'string', default: '4' },
  },
});
const CYCLES = Number(values.cycles);
const BATCHES = Number(values.batches);
const PER_BATCH = Number(values['per-batch']);
const SENDERS = Number(values.senders);

function batchBody(i: number): { body: string; ids: string[] } {
  const types = ['course.enrolled', 'lesson.completed', 'quiz.completed', 'user.logged_in', 'payment.succeeded', 'page.viewed'];
  const events = Array.from({ length: PER_BATCH }, (_, j) =>
    anEvent({
      type: types[j % types.length],
      user_id: `cycle-u${(i * 7 + j) % 97}`,
      company_id: `company-0${j % 3}`,
      timestamp: new Date(Date.UTC(2026, 2, 1 + (j % 5), (i + j) % 24, j % 60)).toISOString(),
    }),
  );
  return { body: toNdjson(events), ids: events.map((e) => e.event_id!) };
}

async function main() {
  const dataDir = path.join(os.tmpdir(), `learnmetrics-kill-cycles-${process.pid}`);
  const env = { DATA_DIR: dataDir, RATE_LIMIT_INGEST_PER_MINUTE: '0' };
  const auth = `Bearer ${await mintToken(TEST_JWT_SECRET, { role: 'ingest', ttl: '2h', scopes: ['ingest:any-company'] })}`;
  const batches: { body: string; ids: string[] }[] = [];
  /** Batch index -> acknowledged in which phase (a cycle under load, or a resend after a restart). */
  const acknowledged = new Map<number, string>();
  const post = (base: string, i: number) =>
    fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: auth, 'idempotency-key': `cycle-${i}` },
      body: batches[i]!.body,
    });
  const resendUnanswered = async (server: ChildServer, phase: string) => {
    for (let i = 0; i < batches.length; i++) {
      if (acknowledged.has(i)) continue;
      const res = await post(server.base, i);
      const answer = (await res.json()) as { accepted: number };
      if (res.status !== 200 || answer.accepted !== PER_BATCH) throw new Error(`resend of batch ${i} answered ${res.status} ${JSON.stringify(answer)}`);
      acknowledged.set(i, phase);
    }
  };
  const cycles: { cycle: number; acknowledgedUnderLoad: number; unanswered: number; replayedAtStart: unknown; seconds: number }[] = [];
  let server: ChildServer | undefined;
  const started = performance.now();
  try {
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const t0 = performance.now();
      server = await startChildServer(env);
      const replayed = server.logs.find((l) => typeof l.replayed === 'number')?.replayed ?? 0;
      await resendUnanswered(server, `resent in cycle ${cycle}`);
      const first = batches.length;
      for (let i = 0; i < BATCHES; i++) batches.push(batchBody(first + i));
      const current = server;
      let next = first;
      let killed = false;
      let ackThisCycle = 0;
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          while (next < batches.length && !killed) {
            const i = next++;
            try {
              const res = await post(current.base, i);
              if (res.status === 200) {
                acknowledged.set(i, `cycle ${cycle}`);
                ackThisCycle += 1;
              }
              await res.text();
            } catch {
              // connection reset by the kill: not acknowledged
            }
            if (ackThisCycle >= BATCHES / 3 && !killed) {
              killed = true;
              current.child.kill('SIGKILL');
            }
          }
        }),
      );
      if (!killed) current.child.kill('SIGKILL');
      await current.exited;
      cycles.push({
        cycle,
        acknowledgedUnderLoad: ackThisCycle,
        unanswered: batches.length - acknowledged.size,
        replayedAtStart: replayed,
        seconds: Math.round((performance.now() - t0) / 100) / 10,
      });
    }
    server = await startChildServer(env);
    await resendUnanswered(server, 'resent after the last kill');
    server.child.kill('SIGTERM');
    if ((await server.exited) !== 0) throw new Error('the last server did not stop cleanly');

    const idsFile = path.join(dataDir, 'acknowledged-ids.json');
    const underLoad = [...acknowledged].filter(([, phase]) => phase.startsWith('cycle')).map(([i]) => i);
    fs.writeFileSync(idsFile, JSON.stringify(underLoad.flatMap((i) => batches[i]!.ids)));
    const ackedUnderLoad = JSON.parse(await runScript('test/helpers/fault/inspect-store.ts', [idsFile], { DATA_DIR: dataDir })) as Record<string, number>;
    fs.writeFileSync(idsFile, JSON.stringify(batches.flatMap((b) => b.ids)));
    const all = JSON.parse(await runScript('test/helpers/fault/inspect-store.ts', [idsFile], { DATA_DIR: dataDir })) as Record<string, number>;
    const report = {
      cycles: CYCLES,
      batches: batches.length,
      perBatch: PER_BATCH,
      senders: SENDERS,
      events: batches.length * PER_BATCH,
      acknowledgedUnderLoadEvents: underLoad.length * PER_BATCH,
      lostAcknowledgedUnderLoad: ackedUnderLoad.missing,
      rows: all.rows,
      distinctIds: all.distinctIds,
      missing: all.missing,
      storedTwice: all.storedTwice,
      rollupDifferences: all.differences,
      perCycle: cycles,
      seconds: Math.round((performance.now() - started) / 1000),
      load: os.loadavg().map((l) => l.toFixed(2)),
    };
    console.log(JSON.stringify(report, null, 2));
    const ok =
      report.missing === 0 &&
      report.storedTwice === 0 &&
      report.rollupDifferences === 0 &&
      report.rows === report.events &&
      report.lostAcknowledgedUnderLoad === 0;
    process.exitCode = ok ? 0 : 1;
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error((error as Error).stack);
  process.exit(1);
});
