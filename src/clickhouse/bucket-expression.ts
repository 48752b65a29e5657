import type { Granularity } from '../domain/vocabulary';
import { keyword, sql, type SqlFragment } from './sql';

/**
 * A rollup's time column: `hour` and `quarter` (DateTime('UTC'), the start of a UTC hour or
 * quarter hour), `day` (Date, a UTC day), or the raw `timestamp`.
 */
export type TimeColumn = 'hour' | 'quarter' | 'day' | 'timestamp';

/**
 * The SQL that turns a UTC timestamp column into the label of its calendar bucket in the
 * period's timezone. Weeks start on Monday (ISO). Labels: `YYYY-MM-DDTHH:00` for hours,
 * the first day `YYYY-MM-DD` for the others; `period.ts` produces the same labels for zero fill.
 */
export function bucketExpression(granularity: Granularity, column: TimeColumn, timezone: string): SqlFragment {
  const col = keyword(column);
  switch (granularity) {
    case 'HOUR':
      return sql`formatDateTime(${col}, '%Y-%m-%dT%H:00', ${timezone})`;
    case 'DAY':
      return sql`toString(toDate(${col}, ${timezone}))`;
    case 'WEEK':
      return sql`toString(toMonday(toDate(${col}, ${timezone})))`;
    case 'MONTH':
      return sql`toString(toStartOfMonth(toDate(${col}, ${timezone})))`;
    case 'YEAR':
      return sql`toString(toStartOfYear(toDate(${col}, ${timezone})))`;
  }
}
