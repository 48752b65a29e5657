import { QueryCancelledError } from './chdb-pool';

/**
 * The one gate every ClickHouse read goes through (issue 11): a fixed number of slots (the
 * embedded engine's sessions, or the HTTP connections to a server), handed out fairly.
 *
 * - Lanes. A `heavy` statement (one that reads raw events: a funnel, retention, a learner's
 *   history) may hold at most `heavySlots` slots, fewer than all of them, so a `cheap` one (a
 *   rollup read, a migration check) always finds a slot that no heavy statement can take.
 *   Measured on 2 cores: a rollup read queued behind a funnel waited 4-8x longer than beside it.
 * - Tenants. When a slot frees, it goes to the tenant holding the fewest slots at that moment,
 *   then to the ticket of the cheapest request (its estimated cost in the points of the
 *   per-role budget, src/limits/costs.ts), then the oldest: a tenant that sends many
 *   statements at once gets more only while nobody else is waiting, never "its queue first",
 *   and a 5-point dau is not queued behind the statements of a 200-point funnel request.
 *   Within one tenant its cheap lane goes first. Between tenants the lane does not count: a
 *   tenant's heavy statement is not starved by other tenants' stream of cheap ones.
 * - A bounded queue. Past `maxQueued` waiting statements (or `maxQueuedPerTenant` of one tenant)
 *   a statement is refused at once with SchedulerBusyError (503 with Retry-After), so no request
 *   waits without bound behind a flood.
 * - Cancellation. A ticket's AbortSignal drops it from the queue; a running statement keeps its
 *   slot until the engine really stopped it (the caller calls `release` only then).
 */

export type Lane = 'cheap' | 'heavy';

export const LANES: readonly Lane[] = ['cheap', 'heavy'];

export interface Ticket {
  /** Who the statement runs for: a company for partners, the token for other roles, `system` outside requests. */
  tenant: string;
  lane: Lane;
  /**
   * The estimated cost of the request the statement belongs to, in budget points (the limits
   * plugin's operationCost, summed over a batch); lower goes first among equals. 0 = unknown
   * (work outside requests, REST routes).
   */
  cost?: number;
  /** Aborted = drop the ticket if still queued (QueryCancelledError 'queued'). */
  signal?: AbortSignal;
  /**
   * false: never refused for a full queue. Work outside requests (migrations, scripts, the
   * ingest path's duplicate check) waits its turn instead: nobody could retry it.
   */
  bounded?: boolean;
}

export interface SchedulerLimits {
  /** Statements running at once. */
  slots: number;
  /** Of those, at most this many heavy ones (at most slots - 1 when slots > 1). */
  heavySlots: number;
  /** Statements waiting, all tenants together. */
  maxQueued: number;
  /** Statements waiting of one tenant. */
  maxQueuedPerTenant: number;
  /** What a refused client is told to wait (Retry-After, seconds). */
  retryAfterSeconds: number;
}

/** The queue is full: the statement was not queued. Becomes 503 with Retry-After. */
export class SchedulerBusyError extends Error {
  readonly code = 'SERVER_BUSY';
  constructor(
    readonly retryAfterSeconds: number,
    readonly scope: 'server' | 'tenant',
    readonly limit: number,
  ) {
    super(
      scope === 'server'
        ? `The server is busy: ${limit} queries are already waiting for ClickHouse. Retry after ${retryAfterSeconds} s.`
        : `Too many of your queries are waiting for ClickHouse (at most ${limit} at once): retry after ${retryAfterSeconds} s, or send fewer requests in parallel.`,
    );
    this.name = 'SchedulerBusyError';
  }
}

/** Frees the slot; calling it again does nothing. */
export type Release = () => void;

export interface TenantStats {
  queued: Record<Lane, number>;
  running: Record<Lane, number>;
}

export interface SchedulerStats {
  slots: number;
  heavySlots: number;
  running: number;
  queued: number;
  tenants: Map<string, TenantStats>;
}

/** Told when a ticket gets its slot (wait time) or is refused/dropped. */
export interface SchedulerObserver {
  queued?(tenant: string, lane: Lane): void;
  started?(tenant: string, lane: Lane, waitedMs: number): void;
  /** Cancelled while queued: it never ran. */
  dropped?(tenant: string, lane: Lane): void;
  /** Its slot is free again (the engine is done with it). */
  finished?(tenant: string, lane: Lane): void;
  refused?(tenant: string, lane: Lane): void;
}

interface Waiter {
  ticket: Ticket;
  seq: number;
  enqueuedAt: number;
  resolve: (release: Release) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

interface TenantState {
  queues: Record<Lane, Waiter[]>;
  running: Record<Lane, number>;
}

const LANE_RANK: Record<Lane, number> = { cheap: 0, heavy: 1 };

/** The cheaper request's ticket first, then the older one. */
function sooner(waiter: Waiter, other: Waiter): boolean {
  const cost = waiter.ticket.cost ?? 0;
  const otherCost = other.ticket.cost ?? 0;
  if (cost !== otherCost) return cost < otherCost;
  return waiter.seq < other.seq;
}

/** Within one tenant: its cheap lane first, then as `sooner`. */
function beforeInTenant(lane: Lane, waiter: Waiter, otherLane: Lane, other: Waiter): boolean {
  if (lane !== otherLane) return LANE_RANK[lane] < LANE_RANK[otherLane];
  return sooner(waiter, other);
}

export class Scheduler {
  readonly limits: SchedulerLimits;
  private readonly tenants = new Map<string, TenantState>();
  private running = 0;
  private runningHeavy = 0;
  private queued = 0;
  private seq = 0;
  private readonly observers: SchedulerObserver[] = [];

  constructor(limits: SchedulerLimits) {
    if (!Number.isInteger(limits.slots) || limits.slots < 1) throw new Error(`The query scheduler needs at least one slot, not ${limits.slots}`);
    // One slot: a heavy statement must be able to run at all. More: at least one stays cheap-only.
    const heavySlots = limits.slots === 1 ? 1 : Math.min(Math.max(1, limits.heavySlots), limits.slots - 1);
    this.limits = { ...limits, heavySlots };
  }

  observe(observer: SchedulerObserver): () => void {
    this.observers.push(observer);
    return () => {
      const i = this.observers.indexOf(observer);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /** Resolves with the release function once the statement may run; rejects when refused or cancelled while queued. */
  acquire(ticket: Ticket): Promise<Release> {
    if (ticket.signal?.aborted) return Promise.reject(new QueryCancelledError('queued'));
    const state = this.tenant(ticket.tenant);
    const tenantQueued = state.queues.cheap.length + state.queues.heavy.length;
    if (ticket.bounded !== false && (this.queued >= this.limits.maxQueued || tenantQueued >= this.limits.maxQueuedPerTenant)) {
      for (const o of this.observers) o.refused?.(ticket.tenant, ticket.lane);
      const server = this.queued >= this.limits.maxQueued;
      return Promise.reject(
        new SchedulerBusyError(this.limits.retryAfterSeconds, server ? 'server' : 'tenant', server ? this.limits.maxQueued : this.limits.maxQueuedPerTenant),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { ticket, seq: (this.seq += 1), enqueuedAt: performance.now(), resolve, reject, detach: () => {} };
      const onAbort = () => {
        const queue = state.queues[ticket.lane];
        const i = queue.indexOf(waiter);
        if (i < 0) return;
        queue.splice(i, 1);
        this.queued -= 1;
        this.forget(ticket.tenant);
        for (const o of this.observers) o.dropped?.(ticket.tenant, ticket.lane);
        reject(new QueryCancelledError('queued'));
      };
      ticket.signal?.addEventListener('abort', onAbort, { once: true });
      waiter.detach = () => ticket.signal?.removeEventListener('abort', onAbort);
      // Each queue stays ordered by (cost, age): a tenant's own cheap request passes its expensive one.
      const queue = state.queues[ticket.lane];
      const cost = ticket.cost ?? 0;
      let at = queue.length;
      while (at > 0 && (queue[at - 1].ticket.cost ?? 0) > cost) at -= 1;
      queue.splice(at, 0, waiter);
      this.queued += 1;
      for (const o of this.observers) o.queued?.(ticket.tenant, ticket.lane);
      this.dispatch();
    });
  }

  /**
   * True when a statement other than the caller's (which holds a slot already) is running or
   * waiting: a heavy statement started now shares the cores, so it is capped (client.ts).
   */
  contended(): boolean {
    return this.running > 1 || this.queued > 0;
  }

  stats(): SchedulerStats {
    const tenants = new Map<string, TenantStats>();
    for (const [name, t] of this.tenants) {
      tenants.set(name, { queued: { cheap: t.queues.cheap.length, heavy: t.queues.heavy.length }, running: { ...t.running } });
    }
    return { slots: this.limits.slots, heavySlots: this.limits.heavySlots, running: this.running, queued: this.queued, tenants };
  }

  private tenant(name: string): TenantState {
    let state = this.tenants.get(name);
    if (!state) {
      state = { queues: { cheap: [], heavy: [] }, running: { cheap: 0, heavy: 0 } };
      this.tenants.set(name, state);
    }
    return state;
  }

  /** A tenant with nothing queued or running is dropped, so the map holds only active tenants. */
  private forget(name: string) {
    const t = this.tenants.get(name);
    if (t && t.queues.cheap.length + t.queues.heavy.length + t.running.cheap + t.running.heavy === 0) this.tenants.delete(name);
  }

  private dispatch() {
    while (this.running < this.limits.slots) {
      let best: { waiter: Waiter; state: TenantState; lane: Lane; holding: number } | undefined;
      for (const state of this.tenants.values()) {
        const holding = state.running.cheap + state.running.heavy;
        // The tenant's next statement: its cheap lane first (its dashboard before its funnel).
        let mine: { waiter: Waiter; lane: Lane } | undefined;
        for (const lane of LANES) {
          if (lane === 'heavy' && this.runningHeavy >= this.limits.heavySlots) continue;
          const waiter = state.queues[lane][0];
          if (waiter && (!mine || beforeInTenant(lane, waiter, mine.lane, mine.waiter))) mine = { waiter, lane };
        }
        if (!mine) continue;
        // Between tenants the lane does not count, or tenants whose requests need a heavy
        // statement (every partner dashboard's learner counts) would wait for as long as others
        // keep cheap statements queued: measured, 5 partner dashboards got nothing in 10 s
        // beside 5 admin ones (116 answered). A cheap statement still never waits for a heavy
        // one to finish: heavy statements hold at most heavySlots < slots.
        const better = !best || holding < best.holding || (holding === best.holding && sooner(mine.waiter, best.waiter));
        if (better) best = { waiter: mine.waiter, state, lane: mine.lane, holding };
      }
      if (!best) return;
      const { waiter, state, lane } = best;
      state.queues[lane].shift();
      waiter.detach();
      this.queued -= 1;
      this.running += 1;
      state.running[lane] += 1;
      if (lane === 'heavy') this.runningHeavy += 1;
      const tenant = waiter.ticket.tenant;
      let released = false;
      const release: Release = () => {
        if (released) return;
        released = true;
        this.running -= 1;
        state.running[lane] -= 1;
        if (lane === 'heavy') this.runningHeavy -= 1;
        this.forget(tenant);
        for (const o of this.observers) o.finished?.(tenant, lane);
        this.dispatch();
      };
      const waited = performance.now() - waiter.enqueuedAt;
      for (const o of this.observers) o.started?.(tenant, lane, waited);
      waiter.resolve(release);
    }
  }
}
