import fs from 'node:fs';
import path from 'node:path';
import { claimedBy, claimHolder, readClaim, writeClaim } from '../process-claim';

/** One batch written to the journal before its insert began. */
export interface JournalEntry {
  /** Also the batch's insert_deduplication_token: a replay with it is dropped wherever the batch already is. */
  batchId: string;
  /** The exact JSONEachRow bytes the insert sends. */
  bytes: Buffer;
}

const BATCH_ID = /^[0-9a-f-]{36}$/;

/** The file naming the process that uses a journal directory: `<hostname> <pid> <start time>`. */
const OWNER_FILE = '.owner';

/** Another process uses the journal directory: replaying its files could insert a batch it is still inserting. */
export class JournalInUseError extends Error {}

/**
 * The ingest journal: every batch's bytes, in a file of its own, from just before its insert
 * until it is stored in `events` and every rollup (issue 12, deliverable 3).
 *
 * An insert into `events` is not atomic across the table and its materialized views: ClickHouse
 * commits the part of `events` and the part of each view separately (a view that fails leaves
 * the rows in `events` and in no rollup; a kill can fall between any two commits, in either
 * order). A kill -9 or a full disk between those commits left a batch in `events` but not in
 * the rollups, or the other way round. The journal closes that gap:
 * whatever is left in it is inserted again with the same deduplication token, so every table
 * that already has the batch drops the block and every table that misses it gets it. A file is
 * written to a temporary name and renamed, so a half-written file (a crash during the write,
 * before the insert began) is never replayed.
 *
 * The files are not fsynced: they must survive the process (kill -9, a crash), and the page
 * cache does; ClickHouse does not fsync its parts by default either.
 */
export class IngestJournal {
  private owned = false;

  constructor(readonly dir: string) {}

  /**
   * Claims the directory for this process, once: a replay takes every file it finds, so two
   * processes on one journal (two API servers on one host and DATA_DIR against one ClickHouse
   * server, or `import:postgres` beside a server) would insert each other's batches while their
   * own inserts still run, which ClickHouse's deduplication does not guard against. The claim is
   * a file naming the host and pid; a process killed leaves it behind, and the next one takes it
   * over once that pid is gone. Throws JournalInUseError while another live process holds it.
   */
  own(): void {
    if (this.owned) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, OWNER_FILE);
    for (;;) {
      try {
        writeClaim(file, true);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readClaim(file);
      // Removed since the write failed: try again.
      if (holder === null) continue;
      const who = claimHolder(holder);
      // This process already (another runtime of it, or a module loaded again by a test runner).
      if (who === 'this process') break;
      if (who !== 'gone') {
        throw new JournalInUseError(
          `The ingest journal ${this.dir} is in use by ${claimedBy(holder)} (${file}): one process per journal. ` +
            `Stop that process, or give this one its own INGEST_JOURNAL_DIR; if that process is gone, delete ${file}.`,
        );
      }
      // Its process is gone (a kill -9; or its pid now names a process started since): take it over.
      fs.rmSync(file, { force: true });
    }
    this.owned = true;
  }

  write(entry: JournalEntry): void {
    this.own();
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
    this.own();
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
