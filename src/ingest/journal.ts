import fs from 'node:fs';
import path from 'node:path';

/** One batch written to the journal before its insert began. */
export interface JournalEntry {
  /** Also the batch's insert_deduplication_token: a replay with it is dropped wherever the batch already is. */
  batchId: string;
  /** The exact JSONEachRow bytes the insert sends. */
  bytes: Buffer;
}

const BATCH_ID = /^[0-9a-f-]{36}$/;

/**
 * The ingest journal: every batch's bytes, in a file of its own, from just before its insert
 * until it is stored in `events` and every rollup (issue 12, deliverable 3).
 *
 * An insert into `events` is not atomic across the table and its materialized views: ClickHouse
 * commits the `events` part first and the views' parts after it (checked on the engine: a view
 * that fails leaves the rows in `events` and in no rollup). A kill -9 or a full disk between
 * those commits left a batch in `events` but not in the rollups. The journal closes that gap:
 * whatever is left in it is inserted again with the same deduplication token, so every table
 * that already has the batch drops the block and every table that misses it gets it. A file is
 * written to a temporary name and renamed, so a half-written file (a crash during the write,
 * before the insert began) is never replayed.
 *
 * The files are not fsynced: they must survive the process (kill -9, a crash), and the page
 * cache does; ClickHouse does not fsync its parts by default either.
 */
export class IngestJournal {
  constructor(readonly dir: string) {}

  write(entry: JournalEntry): void {
    const file = this.file(entry.batchId);
    const tmp = `${file}.tmp`;
    try {
      fs.writeFileSync(tmp, entry.bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, entry.bytes);
    }
    fs.renameSync(tmp, file);
  }

  remove(batchId: string): void {
    fs.rmSync(this.file(batchId), { force: true });
  }

  /**
   * Batches in the journal, oldest first, except those in `skip` (the batches this process is
   * committing right now). Without `skip`: what a process that stopped left behind. Half-written
   * files are deleted, unless they are in `skip`.
   */
  pending(skip: ReadonlySet<string> = new Set()): JournalEntry[] {
    const entries: { entry: JournalEntry; mtime: number }[] = [];
    for (const batchId of this.batchIds(skip)) {
      const full = this.file(batchId);
      try {
        entries.push({ entry: { batchId, bytes: fs.readFileSync(full) }, mtime: fs.statSync(full).mtimeMs });
      } catch (error) {
        // Removed since the listing: its commit completed.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return entries.sort((a, b) => a.mtime - b.mtime).map((e) => e.entry);
  }

  /** True when a batch not in `skip` is in the journal: a directory listing, no file read (asked before every batch). */
  hasPending(skip: ReadonlySet<string> = new Set()): boolean {
    return this.batchIds(skip).length > 0;
  }

  private batchIds(skip: ReadonlySet<string>): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const ids: string[] = [];
    for (const name of names) {
      if (name.endsWith('.tmp')) {
        if (!skip.has(name.slice(0, -'.ndjson.tmp'.length))) fs.rmSync(path.join(this.dir, name), { force: true });
        continue;
      }
      const batchId = name.replace(/\.ndjson$/, '');
      if (name.endsWith('.ndjson') && BATCH_ID.test(batchId) && !skip.has(batchId)) ids.push(batchId);
    }
    return ids;
  }

  private file(batchId: string): string {
    if (!BATCH_ID.test(batchId)) throw new Error(`Refusing journal batch id ${JSON.stringify(batchId)}: a UUID is expected`);
    return path.join(this.dir, `${batchId}.ndjson`);
  }
}
