import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { claimHolder } from '../../src/process-claim';

/**
 * Runs once before all test files. Server-only tests (testcontainers) need a Docker engine;
 * where none answers they are skipped with a one-line reason instead of failing or passing
 * silently. The answer is passed to the workers through the environment.
 */
function dockerAnswers(timeoutMs = 2000): Promise<string | null> {
  const host = process.env.DOCKER_HOST;
  const socketPath = host?.startsWith('unix://') ? host.slice('unix://'.length) : host ? null : '/var/run/docker.sock';
  if (socketPath === null) return Promise.resolve(null); // a TCP DOCKER_HOST: let testcontainers try it
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`Docker at ${socketPath} did not answer within ${timeoutMs} ms`));
    socket.once('error', (e) => done(`no Docker engine at ${socketPath} (${(e as NodeJS.ErrnoException).code})`));
    socket.once('connect', () => socket.write('GET /_ping HTTP/1.0\r\n\r\n'));
    socket.once('data', (data) => done(data.toString().includes('OK') ? null : `Docker at ${socketPath} answered /_ping with an error`));
  });
}

/**
 * Every jest worker's engine data directory (test/helpers/engine.ts) stays behind when the
 * worker exits (the engine is open until then), 50 to 180 MB each: without this, repeated runs
 * filled the disk. A directory whose engine process is gone (its `.engine-process` claim,
 * src/clickhouse/client.ts) is removed; one of another run still going is kept.
 */
function removeLeftWorkerDirs(): void {
  const root = path.join(os.tmpdir(), 'learnmetrics-test');
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith('worker-')) continue;
    const dir = path.join(root, name);
    let claim: string | null = null;
    try {
      claim = fs.readFileSync(path.join(dir, '.engine-process'), 'utf8');
    } catch {
      // No engine was ever opened there: left by a worker that died early, unless it is starting now.
    }
    const gone = claim === null ? Date.now() - fs.statSync(dir).mtimeMs > 3_600_000 : claimHolder(claim) === 'gone';
    if (gone) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default async function globalSetup(): Promise<void> {
  removeLeftWorkerDirs();
  const reason = await dockerAnswers();
  process.env.LEARNMETRICS_DOCKER_SKIP_REASON = reason ?? '';
}
