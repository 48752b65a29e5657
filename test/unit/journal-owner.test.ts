import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IngestJournal, JournalInUseError } from '../../src/ingest/journal';

/**
 * One process per journal directory (src/ingest/journal.ts, own()): a replay takes every file it
 * finds, so a second process on the same journal would insert batches the first is inserting.
 * Real processes: a live one holds the claim, a dead one's claim is taken over.
 */
describe('ingest journal ownership', () => {
  let dir: string;
  let other: ChildProcess | undefined;
  const owner = () => path.join(dir, '.owner');
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-owner-'));
  });
  afterEach(() => {
    other?.kill('SIGKILL');
    other = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('claims a free directory, and the same process may claim it again', () => {
    new IngestJournal(dir).own();
    expect(fs.readFileSync(owner(), 'utf8')).toMatch(new RegExp(`^${os.hostname()} ${process.pid} \\d+$`));
    // Another runtime of this process (a second database handle, or a test runner's fresh module).
    const again = new IngestJournal(dir);
    expect(() => again.own()).not.toThrow();
    expect(again.pending()).toEqual([]);
  });

  it('refuses while another live process holds it, naming the process and what to do', () => {
    other = spawn('sleep', ['60'], { stdio: 'ignore' });
    // Start time '-' (a system without /proc): the pid alone decides.
    fs.writeFileSync(owner(), `${os.hostname()} ${other.pid} -`);
    const journal = new IngestJournal(dir);
    expect(() => journal.own()).toThrow(JournalInUseError);
    expect(() => journal.own()).toThrow(new RegExp(`in use by process ${other.pid} .* give this one its own INGEST_JOURNAL_DIR`));
    // Nothing is written or replayed through a journal this process does not own.
    expect(() => journal.write({ batchId: '00000000-0000-4000-8000-000000000001', bytes: Buffer.from('{}\n') })).toThrow(JournalInUseError);
    expect(() => journal.pending()).toThrow(JournalInUseError);
  });

  it('takes over the claim of a process that is gone (a kill -9 leaves the file)', async () => {
    other = spawn('sleep', ['60'], { stdio: 'ignore' });
    const pid = other.pid!;
    fs.writeFileSync(owner(), `${os.hostname()} ${pid} -`);
    const exited = new Promise((resolve) => other!.once('exit', resolve));
    other.kill('SIGKILL');
    await exited;
    new IngestJournal(dir).own();
    expect(fs.readFileSync(owner(), 'utf8')).toMatch(new RegExp(`^${os.hostname()} ${process.pid} `));
  });

  it('takes over a claim whose pid now names another process (started at another time)', () => {
    // This test's own pid is alive, but the claim says it started at another time: a reused pid.
    fs.writeFileSync(owner(), `${os.hostname()} ${process.ppid} 1`);
    new IngestJournal(dir).own();
    expect(fs.readFileSync(owner(), 'utf8')).toMatch(new RegExp(`^${os.hostname()} ${process.pid} `));
  });

  it('takes over half a claim (a process killed while it wrote one elsewhere)', () => {
    fs.writeFileSync(owner(), `${os.hostname()} 12`);
    new IngestJournal(dir).own();
    expect(fs.readFileSync(owner(), 'utf8')).toMatch(new RegExp(`^${os.hostname()} ${process.pid} `));
    expect(fs.readdirSync(dir)).toEqual(['.owner']);
  });

  it('refuses a claim from another host, which it cannot check', () => {
    fs.writeFileSync(owner(), 'some-other-host 4242 1234');
    expect(() => new IngestJournal(dir).own()).toThrow(/in use by process 4242 on some-other-host/);
  });
});
