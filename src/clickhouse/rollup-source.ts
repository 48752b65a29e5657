import { bucketCut, type BucketCut, type Period } from '../domain/period';
import type { Granularity } from '../domain/vocabulary';
import type { TimeColumn } from './bucket-expression';
import type { ClickHouse } from './client';
import { keyword, sql, type SqlFragment } from './sql';
import type { TableName } from './tables';

/** A UTC range [fromUtc, toUtc): a period, or one of the trailing ranges of a summary. */
export interface UtcRange {
  fromUtc: Date;
  toUtc: Date;
}

/** The tiers one rollup is kept in, finest last. `raw` recomputes its states from events (see raw-rollup-states.ts). */
export interface RollupTiers {
  daily?: TableName;
  hourly?: TableName;
  quarter?: TableName;
  raw?: (db: ClickHouse, range: UtcRange) => SqlFragment;
}

/**
 * Where a query reads a rollup's states from, chosen for the period: the coarsest tier whose
 * grain cuts every bucket boundary of the period exactly (domain/period.ts `bucketCut`).
 * `from` goes after FROM; `column` is the time column (`bucketExpression` takes it); `within`
 * is the condition for a UTC range on it. Every tier holds the same states at a different
 * grain, so the answer is the same from any of them: only the speed differs.
 */
export interface RollupSource {
  grain: 'day' | 'hour' | 'quarter' | 'raw';
  from: SqlFragment;
  column: TimeColumn;
  within(range: UtcRange): SqlFragment;
}

const onTime =
  (column: 'hour' | 'quarter') =>
  (range: UtcRange): SqlFragment => {
    const col = keyword(column);
    return sql`${col} >= ${range.fromUtc} AND ${col} < ${range.toUtc}`;
  };

// A UTC range of whole UTC days (cut 'utc-days') as a condition on a Date column: toDate of a
// DateTime('UTC') constant is its UTC day, and the key condition stays a range on `day`.
export const onDay = (range: UtcRange): SqlFragment => sql`day >= toDate(${range.fromUtc}) AND day < toDate(${range.toUtc})`;

const DAY_MS = 86_400_000;

/**
 * True when a range starts and ends at UTC midnight: a daily tier answers its TOTALS exactly
 * (per-bucket series need every bucket boundary to be one: `rollupSource` and `bucketCut`).
 */
export const coversWholeUtcDays = (range: UtcRange): boolean => range.fromUtc.getTime() % DAY_MS === 0 && range.toUtc.getTime() % DAY_MS === 0;

const COARSENESS: Record<BucketCut, number> = { 'utc-days': 0, 'whole-hours': 1, 'quarter-hours': 2 };

/**
 * The source for buckets of `granularity` over every period given (a summary asks for several
 * trailing ranges in one statement: the finest cut among them decides). `raw` sources read
 * events from the earliest to the latest instant of the periods.
 */
export function rollupSource(db: ClickHouse, tiers: RollupTiers, periods: Period[], granularity: Granularity): RollupSource {
  const cut = periods.map((p) => bucketCut(p, granularity)).reduce((a, b) => (COARSENESS[a] >= COARSENESS[b] ? a : b), 'utc-days' as BucketCut);
  if (cut === 'utc-days' && tiers.daily) return { grain: 'day', from: sql`${db.table(tiers.daily)}`, column: 'day', within: onDay };
  if (cut !== 'quarter-hours' && tiers.hourly) return { grain: 'hour', from: sql`${db.table(tiers.hourly)}`, column: 'hour', within: onTime('hour') };
  if (tiers.quarter) return { grain: 'quarter', from: sql`${db.table(tiers.quarter)}`, column: 'quarter', within: onTime('quarter') };
  if (tiers.raw) {
    const range = {
      fromUtc: new Date(Math.min(...periods.map((p) => p.fromUtc.getTime()))),
      toUtc: new Date(Math.max(...periods.map((p) => p.toUtc.getTime()))),
    };
    // The recomputed states are per quarter hour in a column named `hour` like the hourly table's,
    // so the repository's SQL reads them unchanged.
    return { grain: 'raw', from: sql`(${tiers.raw(db, range)})`, column: 'hour', within: onTime('hour') };
  }
  throw new Error(`no rollup tier can cut ${cut} buckets (${JSON.stringify(tiers)}): add a quarter-hour or raw tier`);
}
