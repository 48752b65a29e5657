import { setMaxListeners } from 'node:events';
import { GraphQLError } from 'graphql';

/** Why a request's statements were stopped. */
export type StopReason = 'deadline' | 'disconnected' | 'busy';

/**
 * The time one request may take, for every statement it runs (issue 11): one deadline per
 * request, per role (`<ROLE>_REQUEST_DEADLINE`), not per query. At the deadline, when the client
 * disconnects, or when the scheduler refused one of its statements (the request is answered 503
 * as a whole), the signal aborts: queued statements are dropped and running ones cancelled in
 * the engine (KILL QUERY on the embedded engine, aborted HTTP + KILL QUERY on a server). Each
 * statement's max_execution_time is also cut to what is left, so the engine stops on its own
 * even where a cancel is lost.
 */
export class RequestBudget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private stopped?: StopReason;
  /** performance.now() at which the request must have answered. */
  readonly deadlineAt: number;
  /**
   * The request's estimated cost in budget points (src/limits/costs.ts), set by the limits plugin
   * once its operations are planned (a batch adds up); 0 until then. The scheduler serves cheaper
   * requests' statements first among tenants holding as many slots.
   */
  cost = 0;

  /**
   * @param startedAt performance.now() when the request arrived (default: now). The HTTP layer
   *   passes the arrival, so the time spent authenticating and rate limiting counts: the client
   *   waits for it too.
   */
  constructor(
    readonly seconds: number,
    startedAt: number = performance.now(),
  ) {
    // Every queued or running statement of the request listens (and stops listening when done):
    // a 50-field operation has more than Node's default warning threshold of 10 at once.
    setMaxListeners(1000, this.controller.signal);
    this.deadlineAt = startedAt + seconds * 1000;
    this.timer = setTimeout(() => this.stop('deadline'), Math.max(0, this.deadlineAt - performance.now()));
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why it stopped, if it did. */
  get reason(): StopReason | undefined {
    return this.stopped;
  }

  /** Seconds left until the deadline (0 once past it). */
  remainingSeconds(): number {
    return Math.max(0, (this.deadlineAt - performance.now()) / 1000);
  }

  /** Stops every statement of the request; the first reason wins. */
  stop(reason: StopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    clearTimeout(this.timer);
    this.controller.abort(reason);
  }

  /** The request has answered: the timer goes, nothing is aborted. */
  finish(): void {
    clearTimeout(this.timer);
  }

  /** What a statement stopped by this budget answers (QUERY_TIMEOUT at the deadline). */
  error(role: string | undefined): GraphQLError {
    if (this.stopped === 'disconnected') {
      return new GraphQLError('The client closed the request; its queries were stopped.', { extensions: { code: 'CLIENT_CLOSED_REQUEST' } });
    }
    if (this.stopped === 'busy') {
      return new GraphQLError('Another query of this request was refused because the server is busy; this one was stopped too.', {
        extensions: { code: 'SERVER_BUSY' },
      });
    }
    return deadlineError(this.seconds, role);
  }
}

/** QUERY_TIMEOUT for a request that reached its deadline: no partial data. */
export function deadlineError(seconds: number, role: string | undefined): GraphQLError {
  const who = role ? ` for ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} token` : '';
  return new GraphQLError(
    `The request did not finish within the ${seconds} s allowed${who} (all its queries together) and was stopped: ask for a shorter period, fewer fields or one company, or retry when the server is less busy.`,
    { extensions: { code: 'QUERY_TIMEOUT', limitSeconds: seconds, scope: 'request' } },
  );
}
