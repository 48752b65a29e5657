import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET } from '../engine';

const ROOT = path.resolve(__dirname, '../../..');
const TS_NODE = path.join(ROOT, 'node_modules/.bin/ts-node');

export interface ChildServer {
  base: string;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  exited: Promise<number | null>;
}

/**
 * `npm start`'s entry point (src/main.ts) as a real child process on its own data directory:
 * the fault tests kill it with real signals. `wrap` runs it under another command (e.g. a
 * private mount namespace with a small tmpfs). Resolves once it logged "ready".
 */
export async function startChildServer(env: Record<string, string>, wrap?: (command: string) => [string, string[]]): Promise<ChildServer> {
  const command = `exec ${TS_NODE} --transpile-only ${path.join(ROOT, 'src/main.ts')}`;
  const [file, args] = wrap ? wrap(command) : ['sh', ['-c', command]];
  const child = spawn(file, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DEMO_DATA: '0', LOG_LEVEL: 'info', AUTH_JWT_SECRET: TEST_JWT_SECRET, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (typeof entry.url === 'string' && String(entry.msg).includes('ready')) resolve(entry.url.replace('/graphql', ''));
        } catch {
          // not a log line (development tokens are printed as text)
        }
      }
    });
    void exited.then((code) => reject(new Error(`the child server exited (${code}) before it was ready: ${stderr.slice(-2000)}`)));
  });
  return { base, child, logs, exited };
}

/** Runs a TypeScript file of the project in a child process; resolves with its stdout, rejects on a non-zero exit. */
export function runScript(file: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(TS_NODE, ['--transpile-only', path.join(ROOT, file), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${file} exited ${code}: ${err.slice(-2000)}${out.slice(-2000)}`))));
  });
}
