import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET } from '../engine';

const ROOT = path.resolve(__dirname, '../../..');
const TS_NODE = path.join(ROOT, 'node_modules/.bin/ts-node');

/**
 * The server's command: the compiled dist/src/main.js (what `npm start` runs) when dist/ is
 * current, else ts-node on src/main.ts. Both run the same sources; ts-node transpiles all of
 * them on every start (8.5 s of CPU per start, ready after 10.5 s, against 2.4 s and 3.5 s), and
 * the fault tests start a server about ten times. A stale dist/ (a source edited since the last
 * build, scripts/compile.js) is never run: the slow path is taken, and `npm run build` brings
 * back the fast one.
 */
function serverCommand(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { staleReason } = require(path.join(ROOT, 'scripts/compile.js')) as { staleReason: () => string | null };
  if (staleReason() === null) return `exec ${process.execPath} ${path.join(ROOT, 'dist/src/main.js')}`;
  return `exec ${TS_NODE} --transpile-only ${path.join(ROOT, 'src/main.ts')}`;
}

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
  const command = serverCommand();
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
