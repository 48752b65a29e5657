/**
 * funnel, from the Query.funnel / FunnelMode / FunnelStep descriptions. Not a port of the SQL:
 *
 * - entities: user_id (USER) or session_id (SESSION), events with an empty id left out; only
 *   events in the period and, with companyId, of that company.
 * - time is cut to whole seconds; an event that matches several steps is an occurrence of each.
 * - ORDERED: step k is reached when occurrences of steps 1..k exist at non-decreasing seconds
 *   (same second = in step order) with the k-th at most `window` seconds after the first.
 *   Searched directly: from every step-1 occurrence, take the earliest possible next step.
 * - STRICT_ORDER: as ORDERED, but scanning the step occurrences in time order (same second: step
 *   order), a step whose previous step has not been reached yet ends the search once step 1 was
 *   seen; repeating a reached step does not break the chain.
 * - UNORDERED: step k is reached when one span [t, t + window] holds occurrences of every step 1..k.
 * - breakdown: the dimension value of the entity's first step-1 event in the period.
 * - property filters: EQ / NEQ / CONTAINS on the value's text; GT..LTE on its number, where a
 *   numeric string ("49.00") counts as a number. PropertyOp said "not a number never matches",
 *   which left numeric strings open; src/clickhouse/property-conditions.ts (toFloat64OrNull of the
 *   text) was read to resolve it, and the description now says so.
 */
import type { LearningEvent } from '../../src/domain/event';
import { groupBy, numericValue, ofCompany, propertyAt, propertyText } from './common';
import { eventMs, inPeriod, period, type PeriodArg } from './period';

export type FunnelMode = 'ORDERED' | 'STRICT_ORDER' | 'UNORDERED';
export type Dimension = 'COMPANY' | 'COUNTRY' | 'PLATFORM' | 'UTM_CAMPAIGN' | 'UTM_MEDIUM' | 'UTM_SOURCE';
export type PropertyOp = 'EQ' | 'NEQ' | 'CONTAINS' | 'GT' | 'GTE' | 'LT' | 'LTE';

export interface PropertyFilter {
  property: string;
  op?: PropertyOp;
  value: string;
}
export interface FunnelStepInput {
  eventType: string;
  name?: string;
  courseId?: string;
  lessonId?: string;
  pagePrefix?: string;
  where?: PropertyFilter[];
}
export interface FunnelArgs {
  period: PeriodArg;
  steps: FunnelStepInput[];
  mode?: FunnelMode;
  countBy?: 'USER' | 'SESSION';
  window?: number;
  companyId?: string | null;
  breakdownBy?: Dimension | null;
}
export interface FunnelStep {
  index: number;
  name: string;
  eventType: string;
  count: number;
  conversionFromStart: number;
  conversionFromPrevious: number;
}
export interface FunnelBreakdown {
  value: string;
  steps: FunnelStep[];
  overallConversion: number;
}
export interface Funnel {
  steps: FunnelStep[];
  overallConversion: number;
  breakdown: FunnelBreakdown[] | null;
}

const DIMENSION_FIELD: Record<Dimension, keyof LearningEvent> = {
  COMPANY: 'company_id',
  COUNTRY: 'country',
  PLATFORM: 'platform',
  UTM_CAMPAIGN: 'utm_campaign',
  UTM_MEDIUM: 'utm_medium',
  UTM_SOURCE: 'utm_source',
};

export function propertyMatches(properties: Record<string, unknown>, filter: PropertyFilter): boolean {
  const value = propertyAt(properties, filter.property);
  const op = filter.op ?? 'EQ';
  switch (op) {
    case 'EQ':
      return propertyText(value) === filter.value;
    case 'NEQ':
      return propertyText(value) !== filter.value;
    case 'CONTAINS':
      return propertyText(value).includes(filter.value);
    default: {
      const number = numericValue(value);
      if (number === null) return false; // absent or not a number never matches
      const bound = Number(filter.value);
      return op === 'GT' ? number > bound : op === 'GTE' ? number >= bound : op === 'LT' ? number < bound : number <= bound;
    }
  }
}

function stepMatches(e: LearningEvent, step: FunnelStepInput): boolean {
  return (
    e.type === step.eventType &&
    (step.courseId == null || e.course_id === step.courseId) &&
    (step.lessonId == null || e.lesson_id === step.lessonId) &&
    (step.pagePrefix == null || e.page.startsWith(step.pagePrefix)) &&
    (step.where ?? []).every((f) => propertyMatches(e.properties, f))
  );
}

/** One occurrence of one step: (second, step index), sorted by second then step. */
interface Occurrence {
  sec: number;
  step: number;
}

function orderedLevel(occ: readonly Occurrence[], steps: number, window: number): number {
  let best = 0;
  for (let i = 0; i < occ.length && best < steps; i++) {
    if (occ[i].step !== 0) continue;
    const deadline = occ[i].sec + window;
    let level = 1;
    for (let j = i + 1; j < occ.length && level < steps && occ[j].sec <= deadline; j++) {
      if (occ[j].step === level) level++;
    }
    best = Math.max(best, level);
  }
  return best;
}

function strictLevel(occ: readonly Occurrence[], steps: number, window: number): number {
  // start[k]: the second the chain that reached step k+1 began at (undefined: not reached).
  const start: (number | undefined)[] = new Array(steps).fill(undefined);
  let seenFirst = false;
  for (const { sec, step } of occ) {
    if (step === 0) {
      start[0] = sec;
      seenFirst = true;
    } else if (start[step - 1] === undefined) {
      if (seenFirst) break; // out of order: the search stops here
    } else if (sec <= (start[step - 1] as number) + window) {
      start[step] = start[step - 1];
      if (step === steps - 1) return steps;
    }
  }
  let level = 0;
  while (level < steps && start[level] !== undefined) level++;
  // Levels are reached in order, so the first unreached one bounds the answer.
  return level;
}

function unorderedLevel(occ: readonly Occurrence[], steps: number, window: number): number {
  for (let k = steps; k >= 1; k--) {
    const relevant = occ.filter((o) => o.step < k);
    for (const first of relevant) {
      const seen = new Set<number>();
      for (const o of relevant) if (o.sec >= first.sec && o.sec <= first.sec + window) seen.add(o.step);
      if (seen.size === k) return k;
    }
  }
  return 0;
}

function stepsOf(input: FunnelStepInput[], levels: readonly number[]): { steps: FunnelStep[]; overallConversion: number } {
  const counts = input.map((_, i) => levels.filter((level) => level > i).length);
  const steps = input.map((step, i): FunnelStep => ({
    index: i + 1,
    name: step.name ?? step.eventType,
    eventType: step.eventType,
    count: counts[i],
    conversionFromStart: i === 0 ? 1 : counts[0] === 0 ? 0 : counts[i] / counts[0],
    conversionFromPrevious: i === 0 ? 1 : counts[i - 1] === 0 ? 0 : counts[i] / counts[i - 1],
  }));
  return { steps, overallConversion: counts[0] === 0 ? 0 : counts[counts.length - 1] / counts[0] };
}

export function funnel(events: readonly LearningEvent[], args: FunnelArgs): Funnel {
  const p = period(args.period);
  const mode = args.mode ?? 'ORDERED';
  const window = args.window ?? 86_400;
  const idField = (args.countBy ?? 'USER') === 'USER' ? 'user_id' : 'session_id';
  const n = args.steps.length;

  const byEntity = groupBy(
    events.filter((e) => ofCompany(e, args.companyId) && inPeriod(e, p)),
    (e) => (e[idField] === '' ? null : e[idField]),
  );
  const levels = new Map<string, number>();
  const firstStep1 = new Map<string, LearningEvent>();
  for (const [entity, list] of byEntity) {
    const occ: Occurrence[] = [];
    for (const e of list) {
      const sec = Math.floor(eventMs(e) / 1000);
      args.steps.forEach((step, i) => {
        if (!stepMatches(e, step)) return;
        occ.push({ sec, step: i });
        if (i === 0) {
          const first = firstStep1.get(entity);
          if (!first || eventMs(e) < eventMs(first)) firstStep1.set(entity, e);
        }
      });
    }
    occ.sort((a, b) => a.sec - b.sec || a.step - b.step);
    const level = mode === 'ORDERED' ? orderedLevel(occ, n, window) : mode === 'STRICT_ORDER' ? strictLevel(occ, n, window) : unorderedLevel(occ, n, window);
    levels.set(entity, level);
  }

  let breakdown: FunnelBreakdown[] | null = null;
  if (args.breakdownBy) {
    const field = DIMENSION_FIELD[args.breakdownBy];
    const groups = groupBy(firstStep1.keys(), (entity) => String(firstStep1.get(entity)![field]));
    let ranked = [...groups.entries()].sort(([va, a], [vb, b]) => b.length - a.length || (va < vb ? -1 : va > vb ? 1 : 0));
    if (ranked.length > 50) ranked = [...ranked.slice(0, 49), ['(other)', ranked.slice(49).flatMap(([, entities]) => entities)]];
    breakdown = ranked.map(([value, entities]) => ({
      value,
      ...stepsOf(
        args.steps,
        entities.map((entity) => levels.get(entity)!),
      ),
    }));
  }
  return { ...stepsOf(args.steps, [...levels.values()]), breakdown };
}
