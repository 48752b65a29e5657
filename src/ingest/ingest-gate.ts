/**
 * Counts ingest requests in flight and closes the door for a graceful drain (issue 12,
 * deliverable 4). On SIGTERM the server used to close its listening socket at once and drop
 * idle keep-alive connections, so a request just sent was refused at the connection level and
 * a large batch still being read was reset (and then stored anyway). Now: the gate closes,
 * requests arriving meanwhile get 503 with Retry-After (another replica takes them), the
 * listening socket stays open until every request in flight has been answered or the drain
 * time is up.
 */
export class IngestGate {
  private inFlight = 0;
  private closed = false;
  private waiters: (() => void)[] = [];

  /** false once draining: answer 503 with Retry-After. Every true needs one leave(). */
  enter(): boolean {
    if (this.closed) return false;
    this.inFlight += 1;
    return true;
  }

  leave(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
  }

  get draining(): boolean {
    return this.closed;
  }

  get active(): number {
    return this.inFlight;
  }

  /** Closes the gate and resolves when no request is in flight, or after `timeoutMs` (true = drained). */
  drain(timeoutMs: number): Promise<boolean> {
    this.closed = true;
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
