import type { Granularity } from '../domain/vocabulary';
import { keyword, sql, type SqlFragment } from './sql';

/**
 * The SQL that turns a UTC timestamp column into the label of its calendar bucket in the
 * period's timezone. Weeks start on Monday (ISO). Labels: `YYYY-MM-DDTHH:00` for hours,
 * the first day `YYYY-MM-DD` for the others; `period.ts` produces the same labels for zero fill.
 */
export function bucketExpression(granularity: Granularity, column: 'hour' | 'timestamp', timezone: string): SqlFragment {
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
