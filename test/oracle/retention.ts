/**
 * retention, from the Query.retention / RetentionCohort descriptions: a user's cohort is the
 * bucket of their first cohortEventType event ever (within companyId when given); users whose
 * first one falls in the period form the cohorts. retained[i] counts members with a return event
 * (returnEventType, or any event) at or after their first cohort event, in the i-th bucket after
 * the cohort bucket. Return events are not limited to the period (later buckets just fill up).
 */
import type { LearningEvent } from '../../src/domain/event';
import { groupBy, ofCompany } from './common';
import { bucketDistance, bucketLabels, bucketOf, eventMs, period, type PeriodArg } from './period';

export interface RetentionCohort {
  cohortStart: string;
  size: number;
  retained: number[];
  rates: number[];
}

export interface RetentionArgs {
  period: PeriodArg;
  cohortEventType?: string;
  returnEventType?: string | null;
  granularity?: 'DAY' | 'WEEK' | 'MONTH';
  periods?: number;
  companyId?: string | null;
}

export function retention(events: readonly LearningEvent[], args: RetentionArgs): RetentionCohort[] {
  const p = period(args.period);
  const g = args.granularity ?? 'WEEK';
  const periods = args.periods ?? 8;
  const cohortType = args.cohortEventType ?? 'user.registered';
  const byUser = groupBy(
    events.filter((e) => e.user_id !== '' && ofCompany(e, args.companyId)),
    (e) => e.user_id,
  );
  const cohorts = new Map(bucketLabels(p, g).map((label) => [label, { size: 0, retained: new Array<number>(periods).fill(0) }]));
  for (const list of byUser.values()) {
    const cohortEvents = list.filter((e) => e.type === cohortType).map(eventMs);
    if (cohortEvents.length === 0) continue;
    const first = Math.min(...cohortEvents);
    if (first < p.startMs || first >= p.endMs) continue;
    const label = bucketOf(first, g, p.timezone);
    const cohort = cohorts.get(label)!;
    cohort.size++;
    const back = new Set<number>();
    for (const e of list) {
      const ms = eventMs(e);
      if (ms < first || (args.returnEventType != null && e.type !== args.returnEventType)) continue;
      const i = bucketDistance(label, bucketOf(ms, g, p.timezone), g);
      if (i >= 0 && i < periods) back.add(i);
    }
    for (const i of back) cohort.retained[i]++;
  }
  return [...cohorts.entries()].map(([cohortStart, { size, retained }]) => ({
    cohortStart,
    size,
    retained,
    rates: retained.map((r) => (size === 0 ? 0 : r / size)),
  }));
}
