/**
 * `npm run import:postgres -- --url postgres://... [--table analytics_events] [--since ISO] [--batch 5000]`
 *
 * Backfills the course platform's PostgreSQL analytics_events table into ClickHouse
 * (docs/postgres-import.md). Progress goes to stderr (a bar with ETA on a terminal, a line every
 * few seconds otherwise); the report goes to stdout.
 * Exit codes: 0 done, 1 failed, 2 bad command line.
 */
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import type { Writable } from 'node:stream';
import { createClickHouse, type ClickHouse } from '../src/clickhouse/client';
import type { Config } from '../src/config/config';
import { pendingMigrations } from '../src/clickhouse/migrations';
import { loadConfig } from '../src/config/config';
import { IMPORT_USAGE, ImportUsageError, parseImportArgs, type ImportCommand } from '../src/import/import-args';
import { importPostgres, type ImportProgress, type ImportReport } from '../src/import/postgres-import';
import { importCatalog } from '../src/import/postgres-catalog';
import { PostgresEventReader, redactUrl } from '../src/import/postgres-reader';

/** Without a terminal: one progress line at most this often. */
const LINE_INTERVAL_MS = 10_000;

export interface CliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  /** The ClickHouse to write to; default: from the environment, like the API. */
  db?: ClickHouse;
  /** The configuration `db` was made from (the ingest journal's place); default: from the environment. */
  config?: Config;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A progress bar on a terminal; elsewhere (CI, logs) a plain line every LINE_INTERVAL_MS. */
function progressReporter(stderr: CliIo['stderr']): { update(p: ImportProgress): void; stop(p: ImportProgress | null): void } {
  const started = Date.now();
  if (stderr.isTTY) {
    const bar = new SingleBar({
      stream: stderr,
      format: 'importing [{bar}] {percentage}% | {value}/{total} rows | {inserted} events | {rejected} rejected | ETA {eta_formatted}',
      etaBuffer: 20,
      hideCursor: true,
    });
    let running = false;
    return {
      update(p) {
        if (!running) {
          bar.start(Math.max(p.total, 1), p.rowsRead, { inserted: p.eventsInserted, rejected: p.rejected });
          running = true;
        } else {
          bar.update(p.rowsRead, { inserted: p.eventsInserted, rejected: p.rejected });
        }
      },
      stop() {
        if (running) bar.stop();
      },
    };
  }
  let lastLine = 0;
  const line = (p: ImportProgress) => {
    const elapsed = (Date.now() - started) / 1000;
    const eta = p.rowsRead === 0 ? Infinity : (elapsed / p.rowsRead) * Math.max(p.total - p.rowsRead, 0);
    const percent = p.total === 0 ? 100 : (100 * p.rowsRead) / p.total;
    stderr.write(
      `import: ${p.rowsRead}/${p.total} rows (${percent.toFixed(1)}%), ${p.eventsInserted} events inserted, ${p.rejected} rejected, ` +
        `elapsed ${formatSeconds(elapsed)}, ETA ${formatSeconds(eta)}\n`,
    );
  };
  return {
    update(p) {
      if (Date.now() - lastLine >= LINE_INTERVAL_MS) {
        lastLine = Date.now();
        line(p);
      }
    },
    stop(p) {
      if (p !== null) line(p);
    },
  };
}

export function formatReport(report: ImportReport, seconds: number): string {
  const out: string[] = [];
  const cursor = (c: { timestamp: string; id: string }) => `${c.timestamp} UTC, id ${c.id}`;
  out.push(`source          ${report.source}${report.dryRun ? '  (dry run: nothing stored)' : ''}`);
  out.push(`started         ${report.resumedAfter ? `after ${cursor(report.resumedAfter)} (stored progress)` : 'at the beginning of the range'}`);
  out.push(`rows read       ${report.rowsRead} in ${report.batches} batch(es), ${seconds.toFixed(1)}s`);
  const valid = Object.values(report.types).reduce((a, b) => a + b, 0);
  if (report.dryRun) out.push(`would insert    ${valid - report.alreadyStored} events`);
  else out.push(`inserted        ${report.eventsInserted} events`);
  out.push(`already stored  ${report.alreadyStored} events (imported before; not inserted again)`);
  out.push(`rejected        ${report.rejected} rows${report.rejected > report.rejections.length ? ` (the first ${report.rejections.length} are listed)` : ''}`);
  if (report.cursor) out.push(`progress        ${cursor(report.cursor)}`);
  const types = Object.entries(report.types).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (types.length > 0) {
    out.push('', 'events by type');
    const width = Math.max(...types.map(([t]) => t.length));
    for (const [type, n] of types) out.push(`  ${type.padEnd(width)}  ${n}`);
  }
  const warnings = Object.entries(report.warnings);
  if (warnings.length > 0) {
    out.push('', 'warnings (the rows were imported; this data was changed or left out)');
    for (const [code, n] of warnings) out.push(`  ${code}  ${n}`);
    for (const example of report.warningExamples) out.push(`    ${example}`);
  }
  if (report.rejections.length > 0) {
    out.push('', 'rejected rows (not imported)');
    for (const r of report.rejections) {
      out.push(`  ${r.id}  ${r.eventType}/${r.eventAction ?? '-'} -> ${r.type}`);
      for (const reason of r.reasons) out.push(`      ${reason}`);
    }
  }
  if (report.unreadableRows > 0) {
    out.push('', `${report.unreadableRows} row(s) have a timestamp before 1900 or an infinite one: no run reads them (see docs/postgres-import.md)`);
  }
  out.push(
    '',
    report.finished
      ? report.rowsRead === 0
        ? 'nothing new to import: up to date'
        : 'finished: every row up to 5 minutes ago was read'
      : 'stopped after --max-batches: run again to continue from the progress above',
  );
  return `${out.join('\n')}\n`;
}

export async function runImportPostgresCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: ImportCommand;
  try {
    command = parseImportArgs(argv);
  } catch (error) {
    if (error instanceof ImportUsageError) {
      io.stderr.write(`import:postgres: ${error.message}\n\n${IMPORT_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (command.help) {
    io.stdout.write(IMPORT_USAGE);
    return 0;
  }

  const config = io.config ?? loadConfig();
  const db = io.db ?? createClickHouse(config);
  let reader: PostgresEventReader | undefined;
  const progress = progressReporter(io.stderr);
  let last: ImportProgress | null = null;
  try {
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      io.stderr.write(
        `import:postgres: ClickHouse database ${db.database} has pending migrations (${pending.map((m) => m.name).join(', ')}): run npm run migrate first\n`,
      );
      return 1;
    }
    if (command.catalog) {
      io.stderr.write(`importing the curriculum (courses, modules, topics, classes) from ${redactUrl(command.url)} into the catalogue of ${db.database}\n`);
      const results = await importCatalog(command.url, db);
      for (const r of results) {
        io.stdout.write(`${r.courseId}  ${r.outcome}${r.version === null ? '' : ` (version ${r.version})`}\n`);
        for (const p of r.problems) io.stdout.write(`    ${p}\n`);
      }
      io.stdout.write(
        `${results.length} course(s): ${results.filter((r) => r.outcome === 'created').length} stored, ${results.filter((r) => r.outcome === 'unchanged').length} unchanged, ${results.filter((r) => r.outcome === 'refused').length} refused\n`,
      );
      return 0;
    }
    reader = await PostgresEventReader.connect(command.url, command.table);
    io.stderr.write(`importing ${command.table} from ${redactUrl(command.url)} into ClickHouse database ${db.database}\n`);
    const started = Date.now();
    const report = await importPostgres(reader, db, {
      config,
      batchSize: command.batchSize,
      since: command.since,
      resume: command.resume,
      dryRun: command.dryRun,
      maxBatches: command.maxBatches,
      onProgress: (p) => {
        last = p;
        progress.update(p);
      },
    });
    progress.stop(last);
    io.stdout.write(formatReport(report, (Date.now() - started) / 1000));
    return 0;
  } catch (error) {
    progress.stop(null);
    io.stderr.write(
      `import:postgres failed: ${(error as Error).message}\n` +
        'Nothing after the last stored progress was recorded as imported: run the same command again to continue.\n',
    );
    return 1;
  } finally {
    await reader?.close().catch(() => {});
    if (io.db === undefined) await db.close();
  }
}

if (require.main === module) {
  runImportPostgresCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
