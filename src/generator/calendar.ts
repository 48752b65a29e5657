import type { Random } from './random';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Relative activity by local weekday, Sunday = 0. People learn less at weekends. */
const WEEKDAY_WEIGHT = [0.5, 1, 1, 0.97, 0.93, 0.82, 0.45];

/**
 * Relative activity by local hour: quiet at night, a morning peak at work (enterprise
 * training), a dip at lunch and an evening peak (solo learners after work).
 */
const HOUR_WEIGHT = [
  0.08,
  0.05,
  0.03,
  0.03,
  0.04,
  0.08,
  0.18,
  0.35,
  0.62,
  0.85,
  0.95,
  0.92, // 00-11
  0.7,
  0.8,
  0.86,
  0.8,
  0.72,
  0.68,
  0.75,
  0.9,
  1,
  0.88,
  0.55,
  0.25, // 12-23
];

/** How likely activity is at this instant for someone whose clock is `utcOffsetMs` ahead of UTC (0..1). */
export function activityWeight(timeMs: number, utcOffsetMs: number): number {
  const local = timeMs + utcOffsetMs;
  const day = Math.floor(local / DAY);
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const hour = Math.floor((local - day * DAY) / HOUR);
  return WEEKDAY_WEIGHT[weekday] * HOUR_WEIGHT[hour];
}

/**
 * A random instant in [from, to), more likely on weekdays and at busy local hours (rejection
 * sampling against activityWeight; after a few misses it settles for a uniform draw, which
 * only matters for very short windows).
 */
export function sampleActiveTime(rng: Random, from: number, to: number, utcOffsetMs: number): number {
  const span = to - from;
  if (span <= 1) return from;
  for (let attempt = 0; attempt < 40; attempt++) {
    const t = from + Math.floor(rng.next() * span);
    if (rng.next() < activityWeight(t, utcOffsetMs)) return t;
  }
  return from + Math.floor(rng.next() * span);
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let cachedDay = NaN;
let cachedDayPrefix = '';

/**
 * `2026-03-01T10:00:00.000Z`, the same text as Date#toISOString. Hot: every event needs one,
 * and toISOString was a tenth of the generator's time, so the date part is cached per day
 * and the time of day is assembled from lookup tables.
 */
export function isoTimestamp(timeMs: number): string {
  const day = Math.floor(timeMs / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * DAY).toISOString().slice(0, -13); // up to and including 'T'
  }
  let rest = timeMs - day * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / SECOND);
  const millis = Math.floor(rest - seconds * SECOND);
  return cachedDayPrefix + TWO_DIGITS[hours] + ':' + TWO_DIGITS[minutes] + ':' + TWO_DIGITS[seconds] + '.' + THREE_DIGITS[millis] + 'Z';
}
