import { createHash } from 'node:crypto';
import type { LearningEvent } from '../src/domain/event';
import { generateEvents, type GeneratorOptions } from '../src/generator';

/**
 * The bench's data set: the project generator with a fixed seed, plus the steps of the
 * platform's login form (see `withLoginSteps`). Deterministic, so every consumer (raw insert,
 * HTTP ingest, PostgreSQL load) regenerates the same rows instead of holding 10M objects.
 */

/** Exclusive end of the generated period; every period the bench asks for is fixed relative to it. */
export const DATA_END = '2026-10-01';
export const DATA_DAYS = 90;
/** The whole data set: [2026-07-03, 2026-10-01). */
export const ALL_DAYS = { from: '2026-07-03', to: DATA_END };
/** The last 30 days, what most dashboard questions ask about (and "NOW() - INTERVAL '30 days'" in PostgreSQL). */
export const LAST_30_DAYS = { from: '2026-09-01', to: DATA_END };
export const LAST_7_DAYS = { from: '2026-09-24', to: DATA_END };
/** Eight weekly cohorts (Mondays 2026-07-06 .. 2026-08-24), each followed for 8 weeks. */
export const RETENTION_PERIOD = { from: '2026-07-06', to: '2026-08-31' };

export const COURSES = 50;
export const COMPANIES = 20;
export const courseIds = (): string[] => Array.from({ length: COURSES }, (_, i) => `course-${String(i + 1).padStart(3, '0')}`);
/** The largest customer (company sizes are Zipf-like: company-01 has the most learners). */
export const BENCH_COMPANY = 'company-01';
/** The most popular course (course popularity is Zipf-like too). */
export const BENCH_COURSE = 'course-001';

export function generatorOptions(events: number): GeneratorOptions {
  return {
    events,
    companies: COMPANIES,
    learners: Math.max(500, Math.round(events / 100)),
    courses: COURSES,
    days: DATA_DAYS,
    seed: 1,
    end: new Date(`${DATA_END}T00:00:00Z`),
  };
}

/**
 * The platform's login form between "visited /login" and "login_success" (the 7-step funnel
 * of the PostgreSQL documentation). The generator emits /login page views and user.logged_in
 * but not the form steps, so the bench adds them as `ui.clicked` events with
 * properties.element = the action name, in the same session, spread between the page view
 * and the login. Drop-off is decided by a hash of the page view's event_id (deterministic).
 * Visitors who abandon the form still log in afterwards in the generated data (e.g. with a
 * remembered password), which only matters for the ordered funnel, not for the counts.
 */
export const LOGIN_FORM_STEPS = ['login_button_clicked', 'email_entered', 'otp_requested', 'otp_entered'] as const;
const CONTINUES = [0.93, 0.9, 0.97, 0.92];

function hashedUuid(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function* loginFormSteps(page: LearningEvent, login: LearningEvent): Generator<LearningEvent> {
  const h = createHash('sha1').update(`login-form:${page.event_id}`).digest();
  const t0 = Date.parse(page.timestamp);
  const gap = Date.parse(login.timestamp) - t0;
  for (let k = 0; k < LOGIN_FORM_STEPS.length; k++) {
    if (h.readUInt16BE(2 * k) / 65536 >= CONTINUES[k]) return;
    yield {
      ...page,
      event_id: hashedUuid(`${page.event_id}:${k}`),
      type: 'ui.clicked',
      timestamp: new Date(t0 + Math.round(((k + 1) * gap) / (LOGIN_FORM_STEPS.length + 1))).toISOString(),
      properties: { element: LOGIN_FORM_STEPS[k] },
    };
  }
}

/** Generated events with the login form steps inserted after each /login page view that is followed by its login. */
export function* withLoginSteps(events: Iterable<LearningEvent>): Generator<LearningEvent> {
  let page: LearningEvent | null = null;
  for (const event of events) {
    if (page !== null) {
      yield page;
      if (event.type === 'user.logged_in' && event.session_id === page.session_id) yield* loginFormSteps(page, event);
      page = null;
    }
    if (event.type === 'page.viewed' && event.page === '/login' && event.session_id !== '') page = event;
    else yield event;
  }
  if (page !== null) yield page;
}

/**
 * The event ids seen so far, as 64-bit prefixes in an open-addressing table of typed arrays
 * (a JavaScript Set of 10M id strings does not fit in the default heap). Two different
 * random UUIDs sharing 64 bits is a one-in-10^5 event at 10M ids.
 */
class IdSet {
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** Adds the id; false when it was already there. */
  add(uuid: string): boolean {
    const hi = parseInt(uuid.slice(0, 8), 16) >>> 0;
    const lo = (parseInt(uuid.slice(9, 13) + uuid.slice(14, 18), 16) | 1) >>> 0; // never 0: 0/0 marks an empty slot
    let i = Math.imul(hi ^ lo, 0x9e3779b1) & this.mask;
    for (;;) {
      if (this.hi[i] === 0 && this.lo[i] === 0) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        return true;
      }
      if (this.hi[i] === hi && this.lo[i] === lo) return false;
      i = (i + 1) & this.mask;
    }
  }
}

export interface DataSetCount {
  /** Events in the data set (generated + login form steps - repeated ids). */
  total: number;
  loginFormSteps: number;
  /** Positions (in the generated stream) of events whose event_id came earlier, left out of the data set. */
  repeatedIds: number[];
}

/**
 * One pass over the data set: counts it and finds the events whose event_id repeats an earlier
 * one. The generator seeds one Mulberry32 stream per learner; with tens of thousands of learners
 * two streams sometimes run into the same stretch of the 2^32 cycle and replay its UUIDs
 * (118 events at 1M, 12,043 at 10M). POST /v1/events would drop those as duplicates and a raw insert would
 * not, so the bench leaves them out everywhere and every store holds the same rows.
 */
export function countDataSet(events: number, onProgress: (done: number) => void = () => {}): DataSetCount {
  const ids = new IdSet(events * 1.1);
  const repeatedIds: number[] = [];
  let position = 0;
  for (const event of withLoginSteps(generateEvents(generatorOptions(events)))) {
    if (!ids.add(event.event_id)) repeatedIds.push(position);
    position++;
    if ((position & 0xffff) === 0) onProgress(position);
  }
  return { total: position - repeatedIds.length, loginFormSteps: position - events, repeatedIds };
}

/** The bench data set for `--events N`: N generated events plus the login form steps, without the events at `skip` (sorted positions). */
export function* benchEvents(events: number, skip: readonly number[] = []): Generator<LearningEvent> {
  let position = 0;
  let next = 0;
  for (const event of withLoginSteps(generateEvents(generatorOptions(events)))) {
    if (next < skip.length && skip[next] === position) next++;
    else yield event;
    position++;
  }
}

/** Consecutive slices of `size` items. */
export function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Runs `work` on every item of `items` with at most `concurrency` in flight; the items are
 * pulled lazily, so a generator is only ever `concurrency` items ahead.
 */
export async function forEachConcurrently<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failed: unknown = null;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        if (failed !== null) return;
        const next = iterator.next();
        if (next.done) return;
        try {
          await work(next.value);
        } catch (error) {
          failed ??= error;
        }
      }
    }),
  );
  if (failed !== null) throw failed;
}
