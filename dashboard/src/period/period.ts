/**
 * The period and timezone every page shares. Periods are the API's: half-open [from, to) of
 * calendar days in an IANA timezone with a whole-hour offset (the rollups are hourly, so
 * half-hour zones such as Asia/Kolkata are refused by the API and not offered here).
 */
import type { PeriodInput } from '../../../client/generated/graphql';

export type RangeKey = '7d' | '30d' | '90d' | 'custom';

export const RANGES: { key: RangeKey; label: string; days: number }[] = [
  { key: '7d', label: 'Last 7 days', days: 7 },
  { key: '30d', label: 'Last 30 days', days: 30 },
  { key: '90d', label: 'Last 90 days', days: 90 },
  { key: 'custom', label: 'Custom', days: 0 },
];

export const TIMEZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Moscow',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
];

export interface PeriodSelection {
  range: RangeKey;
  /** First day, included. */
  from: string;
  /** Day after the last day, excluded (as the API's `to`). */
  to: string;
  timezone: string;
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD plus `days` (calendar arithmetic, no timezone involved). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Today's date in `timezone`. */
export function today(timezone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The last `days` days including today, in `timezone`. */
export function lastDays(days: number, timezone: string, now = new Date()): { from: string; to: string } {
  const to = addDays(today(timezone, now), 1);
  return { from: addDays(to, -days), to };
}

export const isDay = (text: string | null): text is string =>
  text !== null && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

/** The selection a URL query describes (`range`, `from`, `to`, `tz`); defaults: last 30 days, UTC. */
export function selectionFromQuery(query: URLSearchParams, now = new Date()): PeriodSelection {
  const tz = query.get('tz');
  const timezone = tz && isTimeZone(tz) ? tz : 'UTC';
  const from = query.get('from');
  const to = query.get('to');
  if (isDay(from) && isDay(to) && from < to) return { range: 'custom', from, to, timezone };
  const range = RANGES.find((r) => r.key === query.get('range') && r.key !== 'custom') ?? RANGES[1];
  return { range: range.key, ...lastDays(range.days, timezone, now), timezone };
}

export function selectionToQuery(selection: PeriodSelection): Record<string, string> {
  if (selection.range === 'custom') return { from: selection.from, to: selection.to, tz: selection.timezone };
  return { range: selection.range, tz: selection.timezone };
}

export function periodInput(selection: PeriodSelection): PeriodInput {
  return { from: selection.from, to: selection.to, timezone: selection.timezone };
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The browser's own timezone when it has a whole-hour offset today (else null). */
export function browserTimeZone(now = new Date()): string | null {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || TIMEZONES.includes(zone)) return null;
  return now.getTimezoneOffset() % 60 === 0 ? zone : null;
}

/** "1 Nov – 30 Nov 2026": the days of a period, the last one included. */
export function describePeriod(selection: PeriodSelection): string {
  const last = addDays(selection.to, -1);
  const fmt = (day: string, year: boolean) =>
    new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', ...(year ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  return `${fmt(selection.from, selection.from.slice(0, 4) !== last.slice(0, 4))} – ${fmt(last, true)}`;
}
