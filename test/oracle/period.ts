/**
 * Reference calendar maths for the metric oracle: periods of calendar days in an IANA timezone
 * and bucket labels per granularity. Written from schema.graphql (PeriodInput, Granularity,
 * BucketValue) and design.md, independently of src/domain/period.ts and the SQL.
 *
 * Labels: `YYYY-MM-DD` (first day of the calendar bucket: the day, the Monday, the 1st of the
 * month, January 1st) or `YYYY-MM-DDTHH:00` (the local hour). A bucket that sticks out of the
 * period keeps its calendar label and start (a WEEK bucket of a period starting on a Wednesday is
 * labelled with the Monday before); only the events inside [from, to) count in it. The
 * Granularity description ("clipped to the period") left the label open; src/domain/period.ts
 * was read to resolve it and the description now says so.
 */
import { DateTime } from 'luxon';
import type { LearningEvent } from '../../src/domain/event';

export type Granularity = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

/** The GraphQL PeriodInput. */
export interface PeriodArg {
  from: string;
  to: string;
  timezone?: string;
}

export interface OraclePeriod {
  from: string;
  to: string;
  timezone: string;
  /** UTC epoch ms of local midnight of `from` / `to`. */
  startMs: number;
  endMs: number;
  /** Every calendar day of the period, in order. */
  days: string[];
}

const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;

/** Local midnight of a calendar day in a zone, as epoch ms. */
export function midnight(day: string, timezone: string): number {
  const t = DateTime.fromISO(day, { zone: timezone });
  if (!t.isValid) throw new Error(`oracle: bad day/zone ${day} ${timezone}`);
  return t.toMillis();
}

/** Pure calendar arithmetic on YYYY-MM-DD (no timezone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function period(arg: PeriodArg): OraclePeriod {
  const timezone = arg.timezone ?? 'UTC';
  const days: string[] = [];
  for (let d = arg.from; d < arg.to; d = addDays(d, 1)) days.push(d);
  return { from: arg.from, to: arg.to, timezone, startMs: midnight(arg.from, timezone), endMs: midnight(arg.to, timezone), days };
}

const msCache = new WeakMap<LearningEvent, number>();

/** The event's instant, epoch ms. */
export function eventMs(e: LearningEvent): number {
  let ms = msCache.get(e);
  if (ms === undefined) {
    ms = Date.parse(e.timestamp);
    msCache.set(e, ms);
  }
  return ms;
}

export function inPeriod(e: LearningEvent, p: OraclePeriod): boolean {
  const ms = eventMs(e);
  return ms >= p.startMs && ms < p.endMs;
}

/** Local calendar day and hour label of an instant, cached per zone (luxon is not cheap). */
const localCache = new Map<string, Map<number, { day: string; hour: string }>>();

function local(ms: number, timezone: string): { day: string; hour: string } {
  let zone = localCache.get(timezone);
  if (!zone) localCache.set(timezone, (zone = new Map()));
  let parts = zone.get(ms);
  if (!parts) {
    const t = DateTime.fromMillis(ms, { zone: timezone });
    parts = { day: t.toFormat('yyyy-MM-dd'), hour: t.toFormat("yyyy-MM-dd'T'HH:00") };
    zone.set(ms, parts);
  }
  return parts;
}

export function localDay(ms: number, timezone: string): string {
  return local(ms, timezone).day;
}

/** The label of the calendar bucket a local day belongs to (not for HOUR). */
export function dayBucket(day: string, granularity: Exclude<Granularity, 'HOUR'>): string {
  switch (granularity) {
    case 'DAY':
      return day;
    case 'WEEK': {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
      return addDays(day, -((weekday + 6) % 7));
    }
    case 'MONTH':
      return `${day.slice(0, 7)}-01`;
    case 'YEAR':
      return `${day.slice(0, 4)}-01-01`;
  }
}

export function bucketOf(ms: number, granularity: Granularity, timezone: string): string {
  return granularity === 'HOUR' ? local(ms, timezone).hour : dayBucket(localDay(ms, timezone), granularity);
}

/** Every bucket that overlaps the period, in time order. */
export function bucketLabels(p: OraclePeriod, granularity: Granularity): string[] {
  const labels: string[] = [];
  const push = (label: string) => {
    if (labels[labels.length - 1] !== label) labels.push(label);
  };
  if (granularity === 'HOUR') {
    // Local hours start a whole number of hours after local midnight (India: at :30 UTC).
    for (let ms = p.startMs; ms < p.endMs; ms += HOUR_MS) push(local(ms, p.timezone).hour);
  } else {
    for (const day of p.days) push(dayBucket(day, granularity));
  }
  return labels;
}

const startCache = new Map<string, string>();

/**
 * The UTC instant (ISO, ms) a bucket label starts at in the zone: the first instant that reads
 * as the label (an hour repeated on a fall-back night starts at its first occurrence). Found by
 * walking quarter hours around the label's wall time: every offset is a whole number of them.
 */
export function bucketStart(label: string, timezone: string): string {
  const key = `${timezone} ${label}`;
  let start = startCache.get(key);
  if (start === undefined) {
    const wall = Date.parse(`${label.length > 10 ? label : `${label}T00:00`}:00Z`);
    if (Number.isNaN(wall)) throw new Error(`oracle: bad label ${label}`);
    const reads = (ms: number) => (label.length > 10 ? local(ms, timezone).hour === label : local(ms, timezone).day === label);
    let ms = wall - 15 * HOUR_MS;
    while (!reads(ms) && ms < wall + 15 * HOUR_MS) ms += QUARTER_MS;
    startCache.set(key, (start = new Date(ms).toISOString()));
  }
  return start;
}

/** Number of whole buckets from label `a` to label `b` (DAY, WEEK or MONTH labels). */
export function bucketDistance(a: string, b: string, granularity: 'DAY' | 'WEEK' | 'MONTH'): number {
  if (granularity === 'MONTH') {
    const months = (label: string) => Number(label.slice(0, 4)) * 12 + Number(label.slice(5, 7)) - 1;
    return months(b) - months(a);
  }
  const days = daysBetween(a, b);
  return granularity === 'DAY' ? days : Math.floor(days / 7);
}
