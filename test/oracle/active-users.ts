/**
 * dau, activeUsers and activeUsersSummary from their definitions: an active user is a distinct
 * non-empty user_id with at least one event (any type) in the bucket; "only learners of this
 * company" keeps the events whose company_id is that company.
 */
import { DateTime } from 'luxon';
import type { LearningEvent } from '../../src/domain/event';
import { ofCompany } from './common';
import { bucketLabels, bucketOf, bucketStart, eventMs, localDay, period, type Granularity, type OraclePeriod, type PeriodArg } from './period';

export interface DailyValue {
  date: string;
  value: number;
}
export interface BucketValue {
  bucket: string;
  start: string;
  value: number;
}
export interface ActiveUsersSummary {
  dailyAverage: number;
  weekly: number;
  monthly: number;
  stickiness: number;
  comparison: ActiveUsersSummary | null;
}

function usersPerBucket(
  events: readonly LearningEvent[],
  p: OraclePeriod,
  granularity: Granularity,
  keep: (e: LearningEvent) => boolean,
): Map<string, Set<string>> {
  const byBucket = new Map<string, Set<string>>();
  for (const e of events) {
    const ms = eventMs(e);
    if (e.user_id === '' || ms < p.startMs || ms >= p.endMs || !keep(e)) continue;
    const label = bucketOf(ms, granularity, p.timezone);
    let users = byBucket.get(label);
    if (!users) byBucket.set(label, (users = new Set()));
    users.add(e.user_id);
  }
  return byBucket;
}

export function dau(events: readonly LearningEvent[], args: { period: PeriodArg; companyId?: string | null; platform?: string | null }): DailyValue[] {
  const p = period(args.period);
  const byDay = usersPerBucket(events, p, 'DAY', (e) => ofCompany(e, args.companyId) && (args.platform == null || e.platform === args.platform));
  return p.days.map((date) => ({ date, value: byDay.get(date)?.size ?? 0 }));
}

export function activeUsers(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; companyId?: string | null; granularity?: Granularity },
): BucketValue[] {
  const p = period(args.period);
  const granularity = args.granularity ?? 'DAY';
  const byBucket = usersPerBucket(events, p, granularity, (e) => ofCompany(e, args.companyId));
  return bucketLabels(p, granularity).map((bucket) => ({ bucket, start: bucketStart(bucket, p.timezone), value: byBucket.get(bucket)?.size ?? 0 }));
}

/** Distinct users with an event in [startMs, endMs), and DAU per local day there. */
function window(events: readonly LearningEvent[], startMs: number, endMs: number, timezone: string, companyId?: string | null) {
  const users = new Set<string>();
  const perDay = new Map<string, Set<string>>();
  for (const e of events) {
    const ms = eventMs(e);
    if (e.user_id === '' || ms < startMs || ms >= endMs || !ofCompany(e, companyId)) continue;
    users.add(e.user_id);
    const day = localDay(ms, timezone);
    let set = perDay.get(day);
    if (!set) perDay.set(day, (set = new Set()));
    set.add(e.user_id);
  }
  let dauSum = 0;
  for (const set of perDay.values()) dauSum += set.size;
  return { distinct: users.size, dauSum };
}

function summary(events: readonly LearningEvent[], p: OraclePeriod, companyId: string | null | undefined): Omit<ActiveUsersSummary, 'comparison'> {
  const zone = p.timezone;
  const end = DateTime.fromISO(p.to, { zone });
  const trailing = (days: number) => window(events, end.minus({ days }).toMillis(), p.endMs, zone, companyId);
  const inPeriod = window(events, p.startMs, p.endMs, zone, companyId);
  const week = trailing(7);
  const month = trailing(30);
  return {
    dailyAverage: inPeriod.dauSum / p.days.length,
    weekly: week.distinct,
    monthly: month.distinct,
    stickiness: month.distinct === 0 ? 0 : month.dauSum / 30 / month.distinct,
  };
}

export function activeUsersSummary(
  events: readonly LearningEvent[],
  args: { period: PeriodArg; companyId?: string | null; compareTo?: 'PREVIOUS_PERIOD' | 'PREVIOUS_YEAR' | null },
): ActiveUsersSummary {
  const p = period(args.period);
  let comparison: ActiveUsersSummary | null = null;
  if (args.compareTo) {
    const zone = p.timezone;
    const from = DateTime.fromISO(p.from, { zone });
    const to = DateTime.fromISO(p.to, { zone });
    // PREVIOUS_PERIOD: the same number of days just before; PREVIOUS_YEAR: the same days one year earlier.
    const [f, t] = args.compareTo === 'PREVIOUS_YEAR' ? [from.minus({ years: 1 }), to.minus({ years: 1 })] : [from.minus({ days: p.days.length }), from];
    comparison = { ...summary(events, period({ from: f.toISODate()!, to: t.toISODate()!, timezone: zone }), args.companyId), comparison: null };
  }
  return { ...summary(events, p, args.companyId), comparison };
}
