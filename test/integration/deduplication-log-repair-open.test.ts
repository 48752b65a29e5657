import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClickHouse } from '../../src/clickhouse/client';
import { testConfig } from '../helpers/engine';

/**
 * The deduplication-log repair runs only before an engine has the data directory open
 * (src/clickhouse/client.ts): this jest worker's engine is open, and its module registry is new
 * in every test file, so only the claim file (`.engine-process`, naming this process) keeps a
 * second open from rewriting logs the engine is appending to.
 */
describe('deduplication-log repair at open', () => {
  it('does not touch the logs of a data directory this process already has open', async () => {
    const config = testConfig('repair_open');
    const first = createClickHouse(config);
    // A table directory with a record no part holds: the repair would remove it.
    const logs = path.join(config.dataDir, 'store', 'f00', 'f0000000-0000-4000-8000-00000000aaaa', 'deduplication_logs');
    fs.mkdirSync(logs, { recursive: true });
    const log = path.join(logs, 'deduplication_log_1.txt');
    fs.writeFileSync(log, '1\t202605_9_9_0\t202605_1_2\n');
    try {
      expect(fs.readFileSync(path.join(config.dataDir, '.engine-process'), 'utf8')).toMatch(new RegExp(`^\\S+ ${process.pid} `));
      const second = createClickHouse(config);
      expect(second.repairedAtOpen).toEqual([]);
      expect(fs.readFileSync(log, 'utf8')).toBe('1\t202605_9_9_0\t202605_1_2\n');
      await second.close();
    } finally {
      fs.rmSync(path.dirname(path.dirname(logs)), { recursive: true, force: true });
      await first.close();
    }
  });

  it('refuses a data directory another live process has open, naming it', async () => {
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-claim-'));
    try {
      fs.writeFileSync(path.join(dataDir, '.engine-process'), `${os.hostname()} ${other.pid} -`);
      // Refused before chdb is touched (this process has its own directory open already).
      expect(() => createClickHouse({ ...testConfig('claimed'), dataDir })).toThrow(
        new RegExp(`in use by process ${other.pid} .* one process per data directory`),
      );
    } finally {
      other.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
