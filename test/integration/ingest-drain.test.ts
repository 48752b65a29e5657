import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { anEvent, toNdjson } from '../helpers/events';
import { tokenFor } from '../helpers/http';
import { startChildServer, type ChildServer } from '../helpers/fault/child-server';

/**
 * Issue 12, deliverable 4: SIGTERM to a real server while a 5,000-event request is still being
 * sent. That request must finish with its answer (it was reset before); a request arriving
 * during the drain gets 503 with Retry-After (it was refused at the connection level).
 */

async function waitFor(check: () => Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('graceful drain of ingest on SIGTERM', () => {
  const dataDir = path.join(os.tmpdir(), 'learnmetrics-test', `drain-${process.pid}-${randomBytes(3).toString('hex')}`);
  let server: ChildServer;
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await server.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the in-flight batch, refuses new ones with 503 + Retry-After, then exits 0', async () => {
    server = await startChildServer({ DATA_DIR: dataDir, RATE_LIMIT_INGEST_PER_MINUTE: '0' });
    const token = await tokenFor('ingest');
    const body = Buffer.from(toNdjson(Array.from({ length: 5000 }, (_, i) => anEvent({ user_id: `drain-${i % 50}` }))));
    const url = new URL(`${server.base}/v1/events`);

    // The big request: headers and half the body now, the rest after SIGTERM.
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}`, 'content-length': body.length },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.once('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      request.once('error', reject);
    });
    request.write(body.subarray(0, body.length / 2));
    await waitFor(async () => {
      const metrics = await (await fetch(`${server.base}/metrics`)).text();
      return /^learnmetrics_ingest_in_flight 1$/m.test(metrics);
    }, 'the server to count the request in flight');

    server.child.kill('SIGTERM');
    await waitFor(async () => (await fetch(`${server.base}/readyz`)).status === 503, '/readyz to report the drain');
    const late = await fetch(`${server.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
      body: toNdjson([anEvent()]),
    });
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('5');
    expect(((await late.json()) as { error: string }).error).toMatch(/shutting down .* nothing was stored/);

    request.end(body.subarray(body.length / 2));
    const done = await answer;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({ accepted: 5000, rejected: 0 });
    expect(await server.exited).toBe(0);
  });
});
