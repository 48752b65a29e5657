import type { Context } from '../context';
import { checkOptionalId } from '../metrics/id-arguments';
import { resolvePeriod, type Period, type PeriodArgs } from '../metrics/period';
import type { Granularity } from '../metrics/granularity';
import type { QueryParams } from '../server/query-params';
import type { ParameterNames } from '../server/rest-errors';

/** One CSV cell: text and numbers as written, null as an empty cell. */
export type Cell = string | number | null;
export type CsvRow = Record<string, Cell>;

/** What a report hands to the CSV writer. */
export interface CsvTable {
  /** Header row, and the keys read from every row, in order. */
  columns: readonly string[];
  rows: Iterable<CsvRow> | AsyncIterable<CsvRow>;
  /** The validated period (its first and exclusive last day name the file). */
  period: Period;
}

/**
 * One `GET /export/<name>.csv`: the query-string parameters it takes (the GraphQL field's
 * arguments), and a run that reads them (BAD_USER_INPUT before any query), takes the tenancy
 * decision through the context's scopeFor (resolveScope), and calls the same service as the
 * resolver.
 */
export interface CsvReport {
  parameters: readonly string[];
  /** The REST name of a service argument, for 400 answers; the default handles the period and companyId. */
  parameterOf?: ParameterNames;
  run(query: QueryParams, ctx: Context): Promise<CsvTable>;
}

export const PERIOD_PARAMETERS = ['from', 'to', 'timezone'] as const;
export const GRANULARITIES: readonly Granularity[] = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'];

export interface CheckedPeriod {
  args: PeriodArgs;
  period: Period;
}

/**
 * `from`, `to` (YYYY-MM-DD, `to` excluded, as GraphQL's PeriodInput) and `timezone` (default
 * UTC), checked with the service limits at `granularity` so an over-long period fails before
 * any query, even when the service would only query something else first.
 */
export function readPeriod(query: QueryParams, ctx: Context, granularity: Granularity = 'DAY'): CheckedPeriod {
  const args: PeriodArgs = { from: query.date('from'), to: query.date('to'), timezone: query.timezone('timezone', 'UTC') };
  const { maxPeriodDays, maxHourPeriodDays } = ctx.services.config;
  return { args, period: resolvePeriod(args, { maxDays: maxPeriodDays, maxHourDays: maxHourPeriodDays }, granularity) };
}

/** The optional `companyId` filter, checked like the services' id arguments. */
export function readCompanyId(query: QueryParams): string | null {
  return checkOptionalId('companyId', query.string('companyId'));
}

/** Service argument names that every report shares: the period's errors are fixed by changing `to` (or `timezone`). */
export function periodParameterOf(argumentName: string): string {
  if (argumentName === 'period.timezone') return 'timezone';
  if (argumentName === 'period') return 'to';
  return argumentName;
}

/**
 * A renamer for list arguments: `ids[3]` -> `courseId[3]` when the service's `ids` is the
 * repeated `courseId` parameter. Sub-fields (`steps[1].eventType`) are dropped because the
 * REST parameter is the value itself.
 */
export function renameList(serviceName: string, restName: string): ParameterNames {
  const pattern = new RegExp(`^${serviceName}(\\[\\d+\\])?(\\..*)?$`);
  return (argumentName) => {
    const match = pattern.exec(argumentName);
    return match ? `${restName}${match[1] ?? ''}` : periodParameterOf(argumentName);
  };
}

/** A Date cell as an ISO-8601 UTC instant. */
export const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
