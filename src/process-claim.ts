import fs from 'node:fs';
import os from 'node:os';

/**
 * A process named in a file (`<hostname> <pid> <start time>`): which process uses an ingest
 * journal (src/ingest/journal.ts), which has the embedded engine's data directory open
 * (src/clickhouse/client.ts). Written by the process itself; a process killed leaves it behind,
 * so a reader asks whether the named process still runs.
 */

/**
 * When the process started, in clock ticks since boot (/proc/<pid>/stat, field 22), or '-' where
 * there is no /proc. With the pid it names one process: a pid the kernel gave to another
 * process since (busy machines reuse them within seconds) has another start time.
 */
function processStartTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '-';
  } catch {
    return '-';
  }
}

/** This process, as a claim file names it. */
export function thisProcess(): string {
  return `${os.hostname()} ${process.pid} ${processStartTime(process.pid)}`;
}

/**
 * Who the claim `text` names: this process; another process that runs on this host; one that is
 * gone (or whose pid now names a process started since); or one on another host, which cannot be
 * checked from here.
 */
export function claimHolder(text: string): 'this process' | 'running' | 'gone' | 'another host' {
  const claim = text.trim();
  if (claim === thisProcess()) return 'this process';
  // Not three fields: cut off by a kill while it was written (writeClaim publishes whole files,
  // but a file from elsewhere may not be), so nobody holds it.
  if (!/^\S+ \d+ \S+$/.test(claim)) return 'gone';
  const [host, pidText, startTime] = claim.split(' ');
  if (host !== os.hostname()) return 'another host';
  const pid = Number(pidText);
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'gone';
  }
  const now = processStartTime(pid);
  return startTime === '-' || now === '-' || now === startTime ? 'running' : 'gone';
}

/** The claim in `file`, or null when there is none. */
export function readClaim(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The process a claim names, for a message: `process 123 on host`. */
export function claimedBy(text: string): string {
  const [host, pid] = text.trim().split(' ');
  return `process ${pid ?? '?'} on ${host ?? '?'}`;
}

/**
 * Writes this process's claim to `file` whole (a temporary file, then a link or a rename, so a
 * kill never leaves half a claim). `exclusive`: only if `file` does not exist (EEXIST otherwise).
 */
export function writeClaim(file: string, exclusive: boolean): void {
  // Not *.tmp: the ingest journal deletes such files of its directory as half-written batches.
  const tmp = `${file}.${process.pid}.writing`;
  fs.writeFileSync(tmp, thisProcess());
  try {
    if (exclusive) fs.linkSync(tmp, file);
    else fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
