import { QueryCancelledError } from '../../src/clickhouse/chdb-pool';
import { Scheduler, SchedulerBusyError, type Lane, type Release } from '../../src/clickhouse/scheduler';

/**
 * The scheduler's decisions, without an engine: who gets a freed slot, what is refused, what a
 * cancel does. Every assertion is on order and state, none on time.
 */

const limits = { slots: 2, heavySlots: 1, maxQueued: 10, maxQueuedPerTenant: 4, retryAfterSeconds: 3 };

/** Acquires and records the order in which tickets got their slot. */
function recorder(scheduler: Scheduler) {
  const order: string[] = [];
  const releases = new Map<string, Release>();
  const take = (name: string, tenant: string, lane: Lane, signal?: AbortSignal, cost?: number) =>
    scheduler.acquire({ tenant, lane, signal, cost }).then((release) => {
      order.push(name);
      releases.set(name, release);
      return release;
    });
  return { order, releases, take };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Scheduler', () => {
  it('keeps a slot for cheap statements: heavy ones never hold all of them', async () => {
    const s = new Scheduler(limits);
    const r = recorder(s);
    void r.take('h1', 'company:a', 'heavy');
    void r.take('h2', 'company:a', 'heavy');
    void r.take('h3', 'company:b', 'heavy');
    void r.take('c1', 'company:c', 'cheap');
    await flush();
    expect(r.order).toEqual(['h1', 'c1']);
    expect(s.stats()).toMatchObject({ running: 2, queued: 2 });
  });

  it('gives a freed slot to the tenant holding the fewest, not to the one that queued most', async () => {
    const s = new Scheduler({ ...limits, heavySlots: 1 });
    const r = recorder(s);
    await r.take('a1', 'company:a', 'cheap');
    await r.take('a2', 'company:a', 'cheap');
    void r.take('a3', 'company:a', 'cheap');
    void r.take('a4', 'company:a', 'cheap');
    void r.take('b1', 'company:b', 'cheap');
    await flush();
    r.releases.get('a1')!();
    await flush();
    // b holds nothing, a holds one: b first, although a queued earlier.
    expect(r.order).toEqual(['a1', 'a2', 'b1']);
    r.releases.get('a2')!();
    await flush();
    expect(r.order).toEqual(['a1', 'a2', 'b1', 'a3']);
  });

  it('puts cheap before heavy for the same tenant and holding', async () => {
    const s = new Scheduler({ ...limits, slots: 3, heavySlots: 2 });
    const r = recorder(s);
    await r.take('x', 'company:x', 'cheap');
    await r.take('y', 'company:y', 'cheap');
    await r.take('z', 'company:z', 'cheap');
    void r.take('ah', 'company:a', 'heavy');
    void r.take('ac', 'company:a', 'cheap');
    await flush();
    r.releases.get('x')!();
    await flush();
    expect(r.order.slice(3)).toEqual(['ac']);
  });

  it("does not starve a tenant's heavy statement behind other tenants' cheap ones: the older goes first", async () => {
    const s = new Scheduler(limits);
    const r = recorder(s);
    await r.take('x', 'company:x', 'cheap');
    await r.take('y', 'company:y', 'cheap');
    // Both slots busy: a partner's learner counts (heavy) wait, then two admins' rollup reads.
    void r.take('partner-heavy', 'company:p', 'heavy', undefined, 40);
    void r.take('admin1-cheap', 'admin:a1', 'cheap', undefined, 40);
    void r.take('admin2-cheap', 'admin:a2', 'cheap', undefined, 40);
    await flush();
    r.releases.get('x')!();
    await flush();
    expect(r.order).toEqual(['x', 'y', 'partner-heavy']);
    // The heavy slot is taken now; the cheap-only slot serves the cheap ones in order.
    r.releases.get('y')!();
    await flush();
    expect(r.order).toEqual(['x', 'y', 'partner-heavy', 'admin1-cheap']);
  });

  it("serves the cheaper request's statement first among tenants holding as many slots, then the older", async () => {
    const s = new Scheduler({ ...limits, slots: 1, heavySlots: 1, maxQueuedPerTenant: 10 });
    const r = recorder(s);
    await r.take('busy', 'company:x', 'cheap');
    void r.take('flood', 'company:a', 'cheap', undefined, 200);
    void r.take('dau', 'company:b', 'cheap', undefined, 5);
    void r.take('dau2', 'company:c', 'cheap', undefined, 5);
    await flush();
    for (const next of ['busy', 'dau', 'dau2']) {
      r.releases.get(next)!();
      await flush();
    }
    expect(r.order).toEqual(['busy', 'dau', 'dau2', 'flood']);
  });

  it("orders one tenant's own queue by request cost too: its dashboard passes its funnel request", async () => {
    const s = new Scheduler({ ...limits, slots: 1, heavySlots: 1, maxQueuedPerTenant: 10 });
    const r = recorder(s);
    await r.take('busy', 'company:x', 'cheap');
    void r.take('f1', 'company:a', 'heavy', undefined, 200);
    void r.take('f2', 'company:a', 'heavy', undefined, 200);
    void r.take('raw-small', 'company:a', 'heavy', undefined, 25);
    void r.take('f3', 'company:a', 'heavy', undefined, 200);
    await flush();
    for (const next of ['busy', 'raw-small', 'f1', 'f2']) {
      r.releases.get(next)!();
      await flush();
    }
    expect(r.order).toEqual(['busy', 'raw-small', 'f1', 'f2', 'f3']);
  });

  it('refuses past the per-tenant and the total bound with the Retry-After, and queues others', async () => {
    const s = new Scheduler({ ...limits, slots: 1, maxQueued: 3, maxQueuedPerTenant: 2 });
    const r = recorder(s);
    await r.take('run', 'company:a', 'cheap');
    void r.take('q1', 'company:a', 'cheap');
    void r.take('q2', 'company:a', 'cheap');
    await expect(s.acquire({ tenant: 'company:a', lane: 'cheap' })).rejects.toMatchObject({ code: 'SERVER_BUSY', scope: 'tenant', retryAfterSeconds: 3 });
    void r.take('b1', 'company:b', 'cheap');
    const refused = s.acquire({ tenant: 'company:c', lane: 'cheap' });
    await expect(refused).rejects.toBeInstanceOf(SchedulerBusyError);
    await expect(refused).rejects.toMatchObject({ scope: 'server', limit: 3 });
    // Work outside requests is never refused.
    void s.acquire({ tenant: 'system', lane: 'cheap', bounded: false });
    expect(s.stats().queued).toBe(4);
  });

  it('drops a cancelled queued ticket: it never gets a slot', async () => {
    const s = new Scheduler({ ...limits, slots: 1 });
    const r = recorder(s);
    const dropped: string[] = [];
    s.observe({ dropped: (tenant) => dropped.push(tenant) });
    await r.take('run', 'company:a', 'cheap');
    const ac = new AbortController();
    const cancelled = r.take('gone', 'company:b', 'cheap', ac.signal);
    void r.take('next', 'company:c', 'cheap');
    ac.abort();
    await expect(cancelled).rejects.toBeInstanceOf(QueryCancelledError);
    expect(dropped).toEqual(['company:b']);
    r.releases.get('run')!();
    await flush();
    expect(r.order).toEqual(['run', 'next']);
  });

  it('a release counts once, and idle tenants leave the stats', async () => {
    const s = new Scheduler(limits);
    const release = await s.acquire({ tenant: 'company:a', lane: 'heavy' });
    release();
    release();
    expect(s.stats()).toMatchObject({ running: 0, queued: 0 });
    expect(s.stats().tenants.size).toBe(0);
  });
});
