/**
 * In-process locks on event ids. Two requests carrying the same event_id must not both pass
 * the "already stored?" check before either has inserted; requests with disjoint ids (the
 * normal case) must not wait for each other, or ingest loses all insert concurrency.
 */
export class EventIdLocks {
  private readonly held = new Map<string, Promise<void>>();

  /** Runs `work` once no other holder has any of `ids`, holding them meanwhile. */
  async withLocks<T>(ids: readonly string[], work: () => Promise<T>): Promise<T> {
    for (;;) {
      const busy = ids.map((id) => this.held.get(id)).filter((p): p is Promise<void> => p !== undefined);
      if (busy.length === 0) break;
      await Promise.all(busy);
    }
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const id of ids) this.held.set(id, done);
    try {
      return await work();
    } finally {
      for (const id of ids) if (this.held.get(id) === done) this.held.delete(id);
      release();
    }
  }
}
