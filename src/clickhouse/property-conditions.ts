import type { PropertyFilter } from '../domain/arguments';
import { param, sql, type SqlFragment } from './sql';

/**
 * The text of one `properties` path: `getSubcolumn` reads the JSON column's path subcolumn with
 * the path as a bound parameter (a constant once substituted), so no path is ever written into
 * SQL. It returns Dynamic: toString gives strings unquoted, numbers and booleans as written,
 * arrays as JSON text, and '' for an absent path. `JSONExtract(toJSONString(properties), ...)`
 * would re-serialise the whole object for every row, and simdjson rejects the whole document
 * (every path reads as absent) when one Float64 in it prints as an integer above 2^64.
 */
export function propertyText(path: string): SqlFragment {
  return sql`toString(getSubcolumn(properties, ${path}))`;
}

/**
 * EQ / NEQ / CONTAINS compare the value's text (CONTAINS: case-sensitive substring); GT..LTE
 * compare it as Float64, and a value that is not a number (or absent) never matches them.
 */
export function propertyCondition(filter: PropertyFilter): SqlFragment {
  const text = propertyText(filter.property);
  const number = sql`toFloat64OrNull(${text})`;
  const value = (): SqlFragment => sql`${param(Number(filter.value), 'Float64')}`;
  switch (filter.op) {
    case 'EQ':
      return sql`${text} = ${filter.value}`;
    case 'NEQ':
      return sql`${text} != ${filter.value}`;
    case 'CONTAINS':
      return sql`position(${text}, ${filter.value}) > 0`;
    case 'GT':
      return sql`${number} > ${value()}`;
    case 'GTE':
      return sql`${number} >= ${value()}`;
    case 'LT':
      return sql`${number} < ${value()}`;
    case 'LTE':
      return sql`${number} <= ${value()}`;
  }
}
