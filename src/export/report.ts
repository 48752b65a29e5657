import { checkOptionalId } from '../domain/arguments';
import { resolvePeriod, type Period, type PeriodArgs } from '../domain/period';
import type { Granularity } from '../domain/vocabulary';
import type { RequestServices } from '../metrics/request-services';
import type { ParameterNames } from '../rest/parameter-names';
import type { QueryParams } from '../rest/query-params';

/** One CSV cell: text and numbers as written, null as an empty cell. */
export type Cell = string | number | null;
export type CsvRow = Record<string, Cell>;

/** What a report hands to the CSV writer. */
export interface CsvTable {
  /** Header row, and the keys read from every row, in order. */
  columns: readonly string[];
  rows: Iterable<CsvRow> | AsyncIterable<CsvRow>;
  /** The validated period (its first and exclusive last day name the file), or the file name's suffix for a report without one. */
  period: Period | { fileSuffix: string };
}

/**
 * One `GET /export/<name>.csv`: the query-string parameters it takes (the GraphQL field's
 * arguments), and a run that reads them (BAD_USER_INPUT before any query) and calls the same
 * service as the resolver, from the request's services (which take the tenancy decision).
 */
export interface CsvReport {
  parameters: readonly string[];
  /** The REST name of a service argument, for 400 answers; the default handles the period and companyId. */
  parameterOf?: ParameterNames;
  run(query: QueryParams, services: RequestServices): Promise<CsvTable>;
}

export const PERIOD_PARAMETERS = ['from', 'to', 'timezone'] as const;

export interface CheckedPeriod {
  args: PeriodArgs;
  period: Period;
}

/**
 * `from`, `to` (YYYY-MM-DD, `to` excluded, as GraphQL's PeriodInput) and `timezone` (default
 * UTC), checked with the service limits at `granularity` so an over-long period fails before
 * any query, even when the service would only query something else first.
 */
export function readPeriod(query: QueryParams, services: RequestServices, granularity: Granularity = 'DAY'): CheckedPeriod {
  const args: PeriodArgs = { from: query.date('from'), to: query.date('to'), timezone: query.timezone('timezone', null) };
  return { args, period: resolvePeriod(args, services.periodLimits, granularity) };
}

/** The optional `companyId` filter, checked like the services' id arguments. */
export function readCompanyId(query: QueryParams): string | null {
  return checkOptionalId('companyId', query.string('companyId'));
}

/** A Date cell as an ISO-8601 UTC instant. */
export const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
