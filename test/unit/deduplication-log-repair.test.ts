import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repairDeduplicationLogs } from '../../src/clickhouse/deduplication-log-repair';

/** The file layout of an embedded engine's data directory, as ClickHouse 26 writes it (checked on chdb 3.4). */
describe('repairDeduplicationLogs', () => {
  let dataDir: string;
  const table = (uuid: string) => path.join(dataDir, 'store', uuid.slice(0, 3), uuid);
  function aTable(uuid: string, parts: string[], log: string): string {
    const dir = table(uuid);
    for (const part of parts) fs.mkdirSync(path.join(dir, part), { recursive: true });
    fs.mkdirSync(path.join(dir, 'deduplication_logs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'deduplication_logs', 'deduplication_log_1.txt'), log);
    return path.join(dir, 'deduplication_logs', 'deduplication_log_1.txt');
  }
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dedup-repair-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('removes the records of blocks no committed part holds, and keeps every other line as it was', () => {
    const log = aTable(
      'c401c338-42b3-4462-b01d-ec511447a9c9',
      // 1..3 merged into one part; 5 only as a temporary part (the kill came before its rename).
      ['202603_1_3_1', 'tmp_insert_202603_5_5_0', 'detached', '202604_4_4_0_7'],
      [
        '1\t202603_1_1_0\t202603_1_2',
        '1\t202603_2_2_0\t202603_3_4',
        '1\t202604_4_4_0\t202604_5_6',
        '1\t202603_5_5_0\t202603_7_8',
        '2\t202603_6_6_0\t202603_9_10',
        '1\t202605_6_6_0\t202605_11_12',
        '',
      ].join('\n'),
    );
    const removed = repairDeduplicationLogs(dataDir);
    expect(removed).toEqual([
      { table: 'c401c338-42b3-4462-b01d-ec511447a9c9', part: '202603_5_5_0', blockId: '202603_7_8' },
      { table: 'c401c338-42b3-4462-b01d-ec511447a9c9', part: '202605_6_6_0', blockId: '202605_11_12' },
    ]);
    expect(fs.readFileSync(log, 'utf8')).toBe(
      ['1\t202603_1_1_0\t202603_1_2', '1\t202603_2_2_0\t202603_3_4', '1\t202604_4_4_0\t202604_5_6', '2\t202603_6_6_0\t202603_9_10', ''].join('\n'),
    );
    expect(fs.readdirSync(path.join(table('c401c338-42b3-4462-b01d-ec511447a9c9'), 'deduplication_logs'))).toEqual(['deduplication_log_1.txt']);
    // A second run finds nothing more.
    expect(repairDeduplicationLogs(dataDir)).toEqual([]);
  });

  it('leaves a file it does not understand alone', () => {
    const text = 'version 2\n1\t202603_5_5_0\t202603_7_8\n';
    const log = aTable('28279a6e-876a-45a5-9083-907af32e3f46', [], text);
    expect(repairDeduplicationLogs(dataDir)).toEqual([]);
    expect(fs.readFileSync(log, 'utf8')).toBe(text);
  });

  it('refuses, saying what to do, when it cannot rewrite a log', () => {
    const log = aTable('3f1c0000-0000-4000-8000-000000000001', [], '1\t202603_5_5_0\t202603_7_8\n');
    // The temporary file's place is taken by a directory: the write fails as on a full disk.
    fs.mkdirSync(path.join(dataDir, 'deduplication-log-repair.tmp'));
    expect(() => repairDeduplicationLogs(dataDir)).toThrow(/Could not remove the deduplication records .* free disk space/);
    expect(fs.readFileSync(log, 'utf8')).toBe('1\t202603_5_5_0\t202603_7_8\n');
  });

  it('finds nothing to do in a directory without tables', () => {
    expect(repairDeduplicationLogs(path.join(dataDir, 'absent'))).toEqual([]);
  });
});
