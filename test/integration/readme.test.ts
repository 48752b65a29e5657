import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoOptions, loadDemoDataIfEmpty } from '../../src/demo/demo-data';
import { projectRoot } from '../../src/paths';
import { migratedEngine, TEST_JWT_SECRET, type TestEngine } from '../helpers/engine';
import { startTestServer, tokenFor, type TestServer } from '../helpers/http';

/**
 * The README's examples run as written (issue 15 part 4): every fenced block after a
 * `<!-- readme-test -->` line is run against a live server holding demo-shaped data for the
 * days up to today. Shell blocks run in one bash, in order (so the token and date variables
 * carry over), with only `localhost:4000` pointed at the test server; the `# ` lines of a block
 * are its output, line by line, where numbers may differ (they change by day) and `...` stands
 * for anything. A TypeScript block runs with ts-node as a CommonJS file (a top-level await
 * would fail here), its `// > ` lines being its output.
 */

const root = projectRoot();
const MARKER = '<!-- readme-test -->';
const END = '@@readme-block-end@@';

interface Block {
  lang: string;
  code: string;
  line: number;
}

function markedBlocks(readme: string): Block[] {
  const lines = readme.split('\n');
  const blocks: Block[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== MARKER) return;
    const open = /^```(\w+)$/.exec(lines[i + 1] ?? '');
    if (!open) throw new Error(`README.md line ${i + 1}: ${MARKER} must be followed by a fenced block`);
    const close = lines.indexOf('```', i + 2);
    blocks.push({ lang: open[1], code: lines.slice(i + 2, close).join('\n'), line: i + 2 });
  });
  return blocks;
}

/** An expected output line as a pattern: digits may differ, `...` is anything. */
function pattern(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\\\.\\\.\\\./g, '.*').replace(/\d+/g, '\\d+')}$`);
}

function expectOutput(block: Block, prefix: string, actual: string) {
  const expected = block.code
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length));
  const got = actual.split('\n').filter((l) => l.trim() !== '');
  // The block's line in README.md, so a failure points at the example to fix.
  expect({ block: `README.md:${block.line}`, output: got.map((l, i) => (pattern(expected[i] ?? '').test(l) ? 'as documented' : l)) }).toEqual({
    block: `README.md:${block.line}`,
    output: expected.map(() => 'as documented'),
  });
}

/**
 * Runs a command to its end. Asynchronous on purpose: the server under test lives in this
 * process, and a synchronous spawn would stop it from answering the command's requests.
 */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = markedBlocks(readme);

describe('README examples (run against a live server)', () => {
  let engine: TestEngine;
  let t: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    engine = await migratedEngine('readme');
    // The demo dataset's shape (companies, courses, days up to today), smaller: with 200 learners
    // company-01 has a day under the privacy threshold in every 8-day window, which the README's
    // partner example shows (counted from the generator for 120 consecutive end dates; with 300
    // learners 86 of them had none, and the example failed on those days).
    await loadDemoDataIfEmpty(engine.db, { generator: { ...demoOptions(), events: 10_000, learners: 200, days: 21 }, log: () => {} });
    t = await startTestServer(engine);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'learnmetrics-readme-'));
  });
  afterAll(async () => {
    await t.server.stop();
    await engine.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const local = (code: string) => code.replaceAll('localhost:4000', new URL(t.base).host);

  test('the quickstart has at most 10 lines', () => {
    const quick = readme.slice(readme.indexOf('## Quickstart'));
    const block = /```sh\n([\s\S]*?)```/.exec(quick)![1];
    expect(block.trim().split('\n').length).toBeLessThanOrEqual(10);
  });

  test('the marked shell blocks print what the README says', async () => {
    const shell = blocks.filter((b) => b.lang === 'sh');
    expect(shell.length).toBeGreaterThanOrEqual(4);
    const script = shell.map((b) => `${local(b.code)}\necho ${END}`).join('\n');
    // No timeout of its own: jest's limit (below) covers a loaded machine; ts-node behind `npm run token` is the slow part.
    const result = await run('bash', ['-c', script], { ...process.env, AUTH_JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, NODE_ENV: 'development' });
    expect(result.stderr).toBe('');
    const outputs = result.stdout.split(`${END}\n`);
    expect(outputs).toHaveLength(shell.length + 1);
    shell.forEach((b, i) => expectOutput(b, '# ', outputs[i]));
  });

  test('the marked TypeScript block runs as a CommonJS file and prints what the README says', async () => {
    const [block] = blocks.filter((b) => b.lang === 'ts');
    expect(block).toBeDefined();
    const dir = path.join(root, 'test-artifacts', 'readme');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'example.ts');
    fs.writeFileSync(file, local(block.code).replaceAll("from './", "from '../../"));
    const result = await run(process.execPath, [path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', file], {
      ...process.env,
      ADMIN_TOKEN: await tokenFor('admin'),
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expectOutput(block, '  // > ', result.stdout);
  });
});
