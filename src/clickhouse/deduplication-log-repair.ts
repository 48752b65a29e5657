import fs from 'node:fs';
import path from 'node:path';

/**
 * Closes a crash gap of ClickHouse's insert deduplication on non-replicated MergeTree tables,
 * before the embedded engine loads them.
 *
 * A table with `non_replicated_deduplication_window` (every table the ingest writes) records an
 * inserted block's id in its `deduplication_logs/` *before* it renames the block's temporary
 * part into place (MergeTreeSink::commitPart: `deduplication_log->addPart`, then
 * `renameTempPartAndAdd`). A process killed between the two leaves a record of a part that was
 * never committed: at the next start the temporary part is deleted and the record stays, so
 * every later insert with the same deduplication token is dropped as a duplicate of nothing.
 * The ingest journal replays a batch with its own token precisely so that the tables that have
 * it drop it and the ones that miss it take it (src/ingest/batch-writer.ts); such a record made
 * a table that missed the batch drop it too (seen in CI: a kill -9 left a batch in every rollup
 * and not in `events`; 400 acknowledged events were never stored).
 *
 * So each record whose block lies in no part on disk is removed. A record names the part its
 * block went into (`<partition>_<min block>_<max block>_<level>`); a merge or mutation later
 * replaces that part by one with the same partition and a block range around it, so a block is
 * on disk when any part directory of its table covers it. Removing a record of a block that is
 * not on disk can only let an insert with that token store the block again, which is right.
 *
 * Files that do not look as expected (another ClickHouse version's format) are left as they are.
 * A file is rewritten under a temporary name at the data directory's top (not in the logs
 * directory, whose every file the engine reads as a log) and renamed. Must run while no engine
 * in any process has the data directory open: the engine keeps the records in memory as well.
 */

/** A part or record name: partition id (no `_` in it), min and max block, level, optional mutation. */
const PART_NAME = /^([^_/]+)_(\d+)_(\d+)_(\d+)(?:_(\d+))?$/;
/** One record: 1 (added) or 2 (dropped), the part name, the block id. */
const RECORD = /^([12])\t([^\t]+)\t([^\t]+)$/;
const LOG_FILE = /^deduplication_log_\d+\.txt$/;

interface BlockRange {
  partition: string;
  min: number;
  max: number;
}

export interface RemovedRecord {
  /** `database.table` (the table's directory name, its UUID, if its metadata cannot be read). */
  table: string;
  part: string;
  blockId: string;
}

function blockRange(name: string): BlockRange | undefined {
  const m = PART_NAME.exec(name);
  return m ? { partition: m[1]!, min: Number(m[2]), max: Number(m[3]) } : undefined;
}

/** The table directories of an embedded engine's data path: `store/<3 hex>/<uuid>/`. */
function tableDirs(dataDir: string): string[] {
  const store = path.join(dataDir, 'store');
  const dirs: string[] = [];
  for (const prefix of readdirOrEmpty(store)) {
    for (const uuid of readdirOrEmpty(path.join(store, prefix))) dirs.push(path.join(store, prefix, uuid));
  }
  return dirs;
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}

/** Table UUID -> `database.table`, from `metadata/<database>/<table>.sql` ("ATTACH TABLE _ UUID '...'"). */
function tableNames(dataDir: string): Map<string, string> {
  const names = new Map<string, string>();
  const metadata = path.join(dataDir, 'metadata');
  for (const database of readdirOrEmpty(metadata)) {
    for (const file of readdirOrEmpty(path.join(metadata, database))) {
      if (!file.endsWith('.sql')) continue;
      try {
        const uuid = /UUID '([0-9a-f-]{36})'/.exec(fs.readFileSync(path.join(metadata, database, file), 'utf8').slice(0, 200))?.[1];
        if (uuid) names.set(uuid, `${database}.${file.slice(0, -'.sql'.length)}`);
      } catch {
        // Only names for the log: a file that cannot be read leaves the UUID.
      }
    }
  }
  return names;
}

/**
 * Removes, in every table of `dataDir`, the deduplication records of blocks that no part on disk
 * holds. Returns what it removed (usually nothing: only a crash inside a commit leaves one).
 */
export function repairDeduplicationLogs(dataDir: string): RemovedRecord[] {
  const removed: RemovedRecord[] = [];
  for (const tableDir of tableDirs(dataDir)) {
    const logsDir = path.join(tableDir, 'deduplication_logs');
    const logs = readdirOrEmpty(logsDir).filter((name) => LOG_FILE.test(name));
    if (logs.length === 0) continue;
    // Committed parts only: temporary ones (tmp_insert_..., tmp_merge_...) are deleted at start.
    // By partition: a log holds up to non_replicated_deduplication_window (10,000) records.
    const parts = new Map<string, BlockRange[]>();
    for (const range of readdirOrEmpty(tableDir).map(blockRange)) {
      if (range === undefined) continue;
      const list = parts.get(range.partition);
      if (list === undefined) parts.set(range.partition, [range]);
      else list.push(range);
    }
    const onDisk = (block: BlockRange) => (parts.get(block.partition) ?? []).some((p) => p.min <= block.min && block.max <= p.max);
    for (const log of logs) {
      const file = path.join(logsDir, log);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      const records = lines.map((line) => RECORD.exec(line));
      if (records.some((r) => r === null || !blockRange(r[2]!))) continue;
      const kept: string[] = [];
      records.forEach((r, i) => {
        const [, op, part, blockId] = r!;
        if (op === '1' && !onDisk(blockRange(part!)!)) removed.push({ table: path.basename(tableDir), part: part!, blockId: blockId! });
        else kept.push(lines[i]!);
      });
      if (kept.length === lines.length) continue;
      const tmp = path.join(dataDir, 'deduplication-log-repair.tmp');
      try {
        fs.writeFileSync(tmp, kept.map((line) => `${line}\n`).join(''));
        fs.renameSync(tmp, file);
      } catch (error) {
        // Starting without the repair would let the journal replay be dropped again: refuse, saying why.
        throw new Error(
          `Could not remove the deduplication records of uncommitted blocks from ${file} (${(error as Error).message}); ` +
            'the ingest journal cannot complete its batches until they are gone: free disk space (or fix the permissions) and start again',
          { cause: error },
        );
      }
    }
  }
  if (removed.length === 0) return removed;
  const names = tableNames(dataDir);
  return removed.map((r) => ({ ...r, table: names.get(r.table) ?? r.table }));
}
