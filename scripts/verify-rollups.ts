import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createClickHouse } from '../src/clickhouse/client';
import { RollupVerificationRepository } from '../src/clickhouse/repositories/rollup-verification.repository';
import { loadConfig } from '../src/config/config';
import { IngestRuntime } from '../src/ingest/ingest-runtime';

const USAGE = `usage: npm run verify-rollups -- --from YYYY-MM-DD --to YYYY-MM-DD [--show 20] [--repair]
Recomputes every rollup from raw events over [from, to) (UTC days) and lists any difference.
--repair first completes every ingest batch left in the journal (a server killed during an
insert): replayed with its own deduplication token, so it lands only where it is missing.
Exit 0 when all agree, 1 on a mismatch, 2 on bad arguments.`;

function parseDay(value: string | undefined, flag: string): Date {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Error(`${flag} must be a date YYYY-MM-DD, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return new Date(`${value}T00:00:00Z`);
}

async function main(): Promise<number> {
  let from: Date, to: Date, show: number, repair: boolean;
  try {
    const { values } = parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' }, show: { type: 'string', default: '20' }, repair: { type: 'boolean', default: false } },
    });
    repair = values.repair ?? false;
    from = parseDay(values.from, '--from');
    to = parseDay(values.to, '--to');
    show = Number(values.show);
    if (from >= to) throw new Error('--from must be before --to');
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const db = createClickHouse(config);
  if (db.repairedAtOpen.length > 0) console.log(`deduplication logs: removed ${db.repairedAtOpen.length} record(s) of blocks a crash left uncommitted`);
  try {
    if (repair) {
      const ingest = new IngestRuntime(db, config);
      try {
        const replayed = await ingest.writer.repair();
        console.log(`ingest journal: ${replayed} batch(es) completed`);
      } finally {
        await ingest.close();
      }
    }
    const reports = await new RollupVerificationRepository(db).verify(from, to, (rollup) => process.stderr.write(`checking ${rollup}...\n`));
    let mismatches = 0;
    for (const report of reports) {
      const status = report.differences.length === 0 ? 'ok' : `${report.differences.length} difference(s)`;
      console.log(`${report.rollup.padEnd(26)} ${String(report.groups).padStart(8)} groups  ${status}`);
      for (const d of report.differences.slice(0, show)) console.log(`  ${d.key} ${d.measure}: rollup ${d.rollup} vs raw ${d.raw}`);
      mismatches += report.differences.length;
    }
    console.log(mismatches === 0 ? 'all rollups agree with raw events' : `MISMATCH: ${mismatches} difference(s)`);
    return mismatches === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`verify-rollups failed: ${(error as Error).message}`);
    process.exit(2);
  },
);
