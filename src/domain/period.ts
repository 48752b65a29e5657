import type { GraphQLError } from 'graphql';
import { DateTime } from 'luxon';
import { badUserInput } from './errors';
import type { CompareTo, Granularity } from './vocabulary';

export interface PeriodArgs {
  /** First day, inclusive (graphql-scalars Date: a Date at UTC midnight of that calendar day). */
  from: Date;
  /** Last day, exclusive. */
  to: Date;
  timezone?: string | null;
}

/**
 * A validated, half-open period [from, to) of calendar days in an IANA timezone, with the UTC
 * instants it covers. Any IANA zone: which rollup grain can cut its buckets exactly is
 * `bucketCut` below (UTC days, whole UTC hours or quarter hours).
 */
export interface Period {
  from: string;
  to: string;
  timezone: string;
  fromUtc: Date;
  toUtc: Date;
  days: number;
}

export interface PeriodLimits {
  maxDays: number;
  maxHourDays: number;
  /**
   * Partner views: the one timezone periods are cut in (the company's reporting timezone,
   * PARTNER_REPORTING_TIMEZONES, default UTC). Periods are whole days, so with one zone the
   * finest edge a partner can move is a day: comparing the same dates in two zones one hour
   * apart would isolate one hour's figures, whatever its learner count. Unset: any zone.
   */
  reportingTimezone?: string;
}

export const DEFAULT_PERIOD_LIMITS: PeriodLimits = { maxDays: 400, maxHourDays: 31 };

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The error for a period of `days` days over the limit of its granularity, or null. Also checked before execution (src/limits/period-arguments.ts). */
export function periodTooLong(days: number, limits: PeriodLimits, granularity: Granularity, argumentName = 'period'): GraphQLError | null {
  const max = granularity === 'HOUR' ? limits.maxHourDays : limits.maxDays;
  if (days <= max) return null;
  return badUserInput(
    argumentName,
    `${days} days is longer than the ${max}-day limit${granularity === 'HOUR' ? ' at HOUR granularity' : ''}: ask for a shorter period or a coarser granularity`,
  );
}

export function resolvePeriod(
  args: PeriodArgs,
  limits: PeriodLimits = DEFAULT_PERIOD_LIMITS,
  granularity: Granularity = 'DAY',
  argumentName = 'period',
): Period {
  const timezone = args.timezone ?? limits.reportingTimezone ?? 'UTC';
  if (limits.reportingTimezone !== undefined && timezone !== limits.reportingTimezone) {
    throw badUserInput(
      `${argumentName}.timezone`,
      `partner views are cut in one reporting timezone, ${limits.reportingTimezone}, got ${JSON.stringify(timezone)}: periods in a second zone would differ by a few hours, and their difference would reveal those hours' figures for fewer learners than the privacy threshold. Leave timezone out or send ${JSON.stringify(limits.reportingTimezone)}`,
    );
  }
  const from = dayOf(args.from);
  const to = dayOf(args.to);
  const calendar = periodCalendar(`${from} ${to} ${timezone}`);
  if (calendar === null)
    throw badUserInput(`${argumentName}.timezone`, `unknown timezone ${JSON.stringify(timezone)}: use an IANA name such as UTC or Europe/Berlin`);
  if (from >= to) throw badUserInput(argumentName, `from (${from}) must be before to (${to}); the period is [from, to)`);
  const { days } = calendar;
  const tooLong = periodTooLong(days, limits, granularity, argumentName);
  if (tooLong) throw tooLong;
  // Every offset in the IANA database since 1980 is a whole number of quarter hours (India +05:30,
  // Nepal +05:45, Chatham +12:45): the finest grain the rollups and bucket maths cut at. Older
  // local mean times (Liberia -00:44:30 until 1972) cannot be cut there: say so instead of answering wrongly.
  if (calendar.offQuarter) {
    throw badUserInput(
      `${argumentName}.timezone`,
      `${timezone} was ${calendar.offQuarter.offset} from UTC on ${calendar.offQuarter.day}, not a whole number of quarter hours; ask for a later period (such offsets ended in the 1970s)`,
    );
  }
  return { from, to, timezone, fromUtc: new Date(calendar.fromMs), toUtc: new Date(calendar.toMs), days };
}

/**
 * Keeps the answers of a pure function of a string key. The calendar maths below runs luxon per
 * day, hour or bucket label, tens of microseconds each, and one request repeats it for every
 * field and bucket (a metric-oracle run spent a fifth of its CPU time here); the answers depend
 * only on the key and the IANA data of this process. Bounded: emptied when full.
 */
function memoized<V>(compute: (key: string) => V, max = 20_000): (key: string) => V {
  const kept = new Map<string, V>();
  return (key) => {
    if (kept.has(key)) return kept.get(key)!;
    const value = compute(key);
    if (kept.size >= max) kept.clear();
    kept.set(key, value);
    return value;
  };
}

interface PeriodCalendar {
  fromMs: number;
  toMs: number;
  days: number;
  /** The first day whose offset is not a whole number of quarter hours. */
  offQuarter: { day: string; offset: string } | null;
}

/** `from to timezone` -> the period's instants and days; null for an unknown timezone. */
const periodCalendar = memoized((key: string): PeriodCalendar | null => {
  const [from, to, timezone] = key.split(' ');
  const start = DateTime.fromISO(from, { zone: timezone });
  const end = DateTime.fromISO(to, { zone: timezone });
  if (!start.isValid) return null;
  let offQuarter: PeriodCalendar['offQuarter'] = null;
  for (let day = start; day < end && offQuarter === null; day = day.plus({ days: 1 })) {
    if (day.offset % 15 !== 0) offQuarter = { day: day.toISODate()!, offset: day.toFormat('ZZ') };
  }
  return { fromMs: start.toMillis(), toMs: end.toMillis(), days: Math.round(end.diff(start, 'days').days), offQuarter };
}, 2_000);

/** The period just before (same length) or the same days one year earlier. */

export function comparisonPeriod(period: Period, compareTo: CompareTo): Period {
  const zone = period.timezone;
  const start = DateTime.fromISO(period.from, { zone });
  const end = DateTime.fromISO(period.to, { zone });
  const [s, e] = compareTo === 'PREVIOUS_YEAR' ? [start.minus({ years: 1 }), end.minus({ years: 1 })] : [start.minus({ days: period.days }), start];
  return {
    from: s.toISODate()!,
    to: e.toISODate()!,
    timezone: zone,
    fromUtc: s.toUTC().toJSDate(),
    toUtc: e.toUTC().toJSDate(),
    days: Math.round(e.diff(s, 'days').days),
  };
}

/** The `days` calendar days ending where the period ends (e.g. the trailing 30 days for MAU). */
export function trailingPeriod(period: Period, days: number): Period {
  const end = DateTime.fromISO(period.to, { zone: period.timezone });
  const start = end.minus({ days });
  return { from: start.toISODate()!, to: period.to, timezone: period.timezone, fromUtc: start.toUTC().toJSDate(), toUtc: period.toUtc, days };
}

/** Every bucket label of the period, in order, for zero fill (same labels as bucketExpression). */
export function bucketLabels(period: Pick<Period, 'from' | 'to' | 'timezone'>, granularity: Granularity): string[] {
  return [...labelsOf(`${period.from} ${period.to} ${period.timezone} ${granularity}`)];
}

const labelsOf = memoized((key: string): readonly string[] => {
  const [from, to, zone, granularity] = key.split(' ') as [string, string, string, Granularity];
  const end = DateTime.fromISO(to, { zone });
  const labels: string[] = [];
  if (granularity === 'HOUR') {
    for (let t = DateTime.fromISO(from, { zone }); t < end; t = t.plus({ hours: 1 })) {
      const label = t.toFormat("yyyy-MM-dd'T'HH:00");
      if (labels[labels.length - 1] !== label) labels.push(label);
    }
    return labels;
  }
  const unit = { DAY: 'day', WEEK: 'week', MONTH: 'month', YEAR: 'year' } as const;
  const step = { DAY: { days: 1 }, WEEK: { weeks: 1 }, MONTH: { months: 1 }, YEAR: { years: 1 } } as const;
  for (let t = DateTime.fromISO(from, { zone }).startOf(unit[granularity], { useLocaleWeeks: false }); t < end; t = t.plus(step[granularity])) {
    labels.push(t.toISODate()!);
  }
  return labels;
}, 2_000);

/**
 * The UTC instant a bucket label starts at (for `start: DateTime` fields): the FIRST instant that
 * reads as the label. On a fall-back night one wall hour happens twice (New York 2026-11-01
 * 01:00 is 05:00Z and 06:00Z) and bucketLabels merges both into one bucket, which starts at the
 * earlier. luxon resolves an ambiguous wall time to either offset depending on the zone (New
 * York and Berlin get the later one), so every offset in force around the label is tried.
 */
export function bucketStart(label: string, timezone: string): Date {
  return new Date(bucketStartMs(`${label} ${timezone}`));
}

const bucketStartMs = memoized((key: string): number => {
  const [label, timezone] = key.split(' ');
  const format = label.length > 10 ? "yyyy-MM-dd'T'HH:mm" : 'yyyy-MM-dd';
  const probe = DateTime.fromISO(label, { zone: timezone });
  const wall = DateTime.fromISO(label, { zone: 'UTC' });
  // Every instant that reads as `label` is wall - offset for one of the offsets around it.
  const offsets = new Set([probe.minus({ hours: 12 }).offset, probe.offset, probe.plus({ hours: 12 }).offset]);
  const starts = [...offsets]
    .map((offset) => wall.minus({ minutes: offset }))
    .filter((t) => t.setZone(timezone).toFormat(format) === label)
    .map((t) => t.toMillis());
  // No instant reads as `label` when it falls in a spring-forward gap: luxon's forward shift is the start.
  return starts.length > 0 ? Math.min(...starts) : probe.toMillis();
});

/**
 * How finely the period's bucket boundaries (local midnights; local hour starts at HOUR
 * granularity) sit in UTC, which decides the rollup grain that answers it exactly:
 * - `utc-days`: every boundary is a UTC midnight (UTC itself, or a zone at +00:00 throughout),
 *   so daily rollups serve it;
 * - `whole-hours`: every boundary is a whole UTC hour (New York, Berlin, Tokyo), hourly rollups;
 * - `quarter-hours`: some boundary falls inside a UTC hour (India +05:30, Nepal +05:45, Adelaide
 *   +09:30/+10:30), so only 15-minute states or raw events cut it.
 */
export type BucketCut = 'utc-days' | 'whole-hours' | 'quarter-hours';

export function bucketCut(period: Pick<Period, 'from' | 'to' | 'timezone'>, granularity: Granularity): BucketCut {
  return cutOf(`${period.from} ${period.to} ${period.timezone} ${granularity}`);
}

const cutOf = memoized((key: string): BucketCut => {
  const [from, to, zone, granularity] = key.split(' ');
  const end = DateTime.fromISO(to, { zone });
  const step = granularity === 'HOUR' ? { hours: 1 } : { days: 1 };
  let cut: BucketCut = granularity === 'HOUR' ? 'whole-hours' : 'utc-days';
  // The period's end is a boundary too, hence `<=`.
  for (let t = DateTime.fromISO(from, { zone }); t <= end; t = t.plus(step)) {
    if (t.offset % 60 !== 0) return 'quarter-hours';
    if (t.offset !== 0) cut = 'whole-hours';
  }
  return cut;
}, 2_000);
