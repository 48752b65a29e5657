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
  const [host, pidText, startTime] = claim.split(' ');
  if (host !== os.hostname()) return 'another host';
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return 'running';
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'gone';
  }
  const now = processStartTime(pid);
  return startTime === undefined || startTime === '-' || now === '-' || now === startTime ? 'running' : 'gone';
}
