import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseGenerateArgs, runGenerateCli, UsageError } from '../../scripts/generate';
import type { LearningEvent } from '../../src/domain/event';
import { generateEvents } from '../../src/generator/generate';
import { postEventBatches } from '../../src/generator/http-sender';

const NOW = new Date('2026-03-01T15:30:00.000Z');

function parse(...argv: string[]) {
  const command = parseGenerateArgs(argv, NOW);
  if (command.help) throw new Error('unexpected help');
  return command;
}

function sink(): PassThrough & { text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

function someEvents(count: number): Iterable<LearningEvent> {
  return generateEvents({ events: count, companies: 2, learners: 50, courses: 3, days: 7, seed: 1, end: new Date('2026-03-01T00:00:00Z') });
}

describe('parseGenerateArgs', () => {
  it('applies the defaults; the default end is tomorrow 00:00 UTC', () => {
    expect(parse('--out', 'x.ndjson')).toEqual({
      help: false,
      events: 100_000,
      companies: 5,
      learners: 2_000,
      courses: 12,
      days: 90,
      seed: 42,
      batch: 5_000,
      concurrency: 4,
      end: new Date('2026-03-02T00:00:00.000Z'),
      destination: { kind: 'file', path: 'x.ndjson' },
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const options = parse(
      '--events=1_000_000',
      '--companies',
      '0',
      '--learners',
      '10',
      '--courses',
      '3',
      '--days',
      '7',
      '--seed',
      '0',
      '--end',
      '2026-01-31',
      '--url',
      'http://localhost:4000/v1/events',
      '--batch',
      '100',
      '--concurrency=8',
    );
    expect(options).toMatchObject({
      events: 1_000_000,
      companies: 0,
      learners: 10,
      courses: 3,
      days: 7,
      seed: 0,
      batch: 100,
      concurrency: 8,
      end: new Date('2026-01-31T00:00:00.000Z'),
      destination: { kind: 'http', url: 'http://localhost:4000/v1/events' },
    });
  });

  it('accepts --out - for stdout, and --help', () => {
    expect(parse('--out', '-').destination).toEqual({ kind: 'file', path: '-' });
    expect(parseGenerateArgs(['--events', 'oops', '--help'], NOW)).toEqual({ help: true });
  });

  it.each([
    [['--out', 'x', '--bogus', '1'], /unknown flag --bogus/],
    [['--out', 'x', '--events', 'abc'], /--events must be a whole number/],
    [['--out', 'x', '--events', '1e6'], /--events must be a whole number/],
    [['--out', 'x', '--events', '0'], /--events must be a whole number >= 1, got '0'/],
    [['--out', 'x', '--learners', '-5'], /--learners must be a whole number from 1 to \d+, got '-5'/],
    [['--out', 'x', '--days', '2.5'], /--days/],
    [['--out', 'x', '--courses', '0'], /--courses/],
    [['--out', 'x', '--concurrency', '0'], /--concurrency/],
    [['--out', 'x', '--batch', '0'], /--batch/],
    [['--out', 'x', '--companies', '-1'], /--companies/],
    [['--out', 'x', '--end', '2026-02-30'], /--end must be a date/],
    [['--out', 'x', '--end', '01/02/2026'], /--end must be a date/],
    [['--out', 'x', '--url', 'http://h/'], /either --out or --url, not both/],
    [['--events', '10'], /--out FILE or --url URL/],
    [['--url', 'ftp://host/x'], /--url must be an http/],
    [['--url', 'not a url'], /--url must be an http/],
    [['--out', 'x', '--events', '1', '--events', '2'], /more than once/],
    [['--out', 'x', '--events'], /--events needs a value/],
    [['--out', '--events', '5'], /--out needs a value/],
    [['--out', 'x', 'stray'], /unexpected argument 'stray'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseGenerateArgs(argv, NOW)).toThrow(UsageError);
    expect(() => parseGenerateArgs(argv, NOW)).toThrow(message);
  });
});

describe('runGenerateCli', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'generator-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits with 2 and explains a bad flag', async () => {
    const stdout = sink();
    const stderr = sink();
    expect(await runGenerateCli(['--events', 'lots', '--out', 'x'], { stdout, stderr, now: NOW })).toBe(2);
    expect(stderr.text()).toMatch(/^generate: --events must be a whole number/);
    expect(stderr.text()).toContain('Usage:');
    expect(stdout.text()).toBe('');
  });

  it('writes NDJSON to --out and prints one summary line on stderr', async () => {
    const out = join(dir, 'events.ndjson');
    const stdout = sink();
    const stderr = sink();
    const code = await runGenerateCli(['--events', '1000', '--learners', '40', '--seed', '5', '--out', out], { stdout, stderr, now: NOW });
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines.pop()).toBe(''); // trailing newline
    expect(lines).toHaveLength(1000);
    expect(JSON.parse(lines[0])).toHaveProperty('event_id');
    expect(stderr.text()).toMatch(/^generated 1000 events in \d+\.\d{2}s \(\d+ events\/s\)\n$/);
    expect(stdout.text()).toBe('');
  });

  it('POSTs batches to --url and reports the accepted and rejected totals', async () => {
    const keys: string[] = [];
    let lines = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        keys.push(String(req.headers['idempotency-key']));
        expect(req.headers['content-type']).toBe('application/x-ndjson');
        const count = body.split('\n').filter(Boolean).length;
        lines += count;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ accepted: count - 1, rejected: 1 }));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const stdout = sink();
      const stderr = sink();
      const argv = ['--events', '2500', '--seed', '9', '--batch', '1000', '--concurrency', '2', '--url', `http://127.0.0.1:${port}/v1/events`];
      expect(await runGenerateCli(argv, { stdout, stderr, now: NOW })).toBe(0);
      expect(lines).toBe(2500);
      expect(keys.sort()).toEqual(['gen-9-0', 'gen-9-1', 'gen-9-2']);
      expect(stderr.text()).toContain('accepted 2497, rejected 3');
    } finally {
      server.close();
    }
  });
});

describe('postEventBatches', () => {
  const noSleep = () => Promise.resolve();
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

  it('retries 503 and network errors, then sums the answers', async () => {
    const answers: Array<() => Response> = [
      () => new Response('busy', { status: 503 }),
      () => {
        throw new TypeError('fetch failed');
      },
    ];
    const calls: string[] = [];
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      calls.push(new Headers(init?.headers).get('idempotency-key') ?? '');
      const next = answers.shift();
      if (next) return next();
      const lines = String(init?.body).split('\n').filter(Boolean).length;
      return json({ accepted: lines, rejected: 0 });
    }) as typeof fetch;

    const result = await postEventBatches(someEvents(250), {
      url: 'http://ingest.test/v1/events',
      batchSize: 100,
      concurrency: 1,
      seed: 42,
      fetch: fakeFetch,
      sleep: noSleep,
    });
    expect(result).toEqual({ events: 250, batches: 3, accepted: 250, rejected: 0 });
    expect(calls).toEqual(['gen-42-0', 'gen-42-0', 'gen-42-0', 'gen-42-1', 'gen-42-2']);
  });

  it('gives up after 5 attempts', async () => {
    let calls = 0;
    const fakeFetch = (async () => {
      calls++;
      return new Response('busy', { status: 503 });
    }) as typeof fetch;
    await expect(
      postEventBatches(someEvents(10), { url: 'http://x.test/', batchSize: 100, concurrency: 1, seed: 1, fetch: fakeFetch, sleep: noSleep }),
    ).rejects.toThrow(/batch 0 failed after 5 attempts: HTTP 503/);
    expect(calls).toBe(5);
  });

  it('does not retry a 400, and keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const fakeFetch = (async () => {
      calls++;
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return calls === 6 ? new Response('bad event', { status: 400 }) : json({ accepted: 10, rejected: 0 });
    }) as typeof fetch;
    await expect(
      postEventBatches(someEvents(200), { url: 'http://x.test/', batchSize: 10, concurrency: 3, seed: 1, fetch: fakeFetch, sleep: noSleep }),
    ).rejects.toThrow(/HTTP 400: bad event/);
    expect(peak).toBeLessThanOrEqual(3);
    expect(calls).toBeLessThan(20);
  });
});
