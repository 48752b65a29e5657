import type { Granularity } from '../domain/vocabulary';
import type { Period, PeriodArgs } from '../domain/period';
import type { TenantScope } from '../domain/tenant-scope';

/**
 * What one metric field was asked under: the tenant scope and the validated period. The
 * period as given is kept too, so a nested field with its own granularity (series) can be
 * re-checked against the HOUR limit.
 */
export interface MetricFilter {
  scope: TenantScope;
  period: Period;
  periodArgs: PeriodArgs;
}

export interface SeriesFilter extends MetricFilter {
  granularity: Granularity;
}

/**
 * Totals depend only on the UTC range and the company: two timezones that cut the same
 * instants share one query.
 */
export function totalsKey(filter: MetricFilter): string {
  return JSON.stringify([filter.scope.companyId, filter.period.fromUtc.toISOString(), filter.period.toUtc.toISOString()]);
}

/** Buckets also depend on where the timezone cuts them and on their size. */
export function seriesKey(filter: SeriesFilter): string {
  return JSON.stringify([totalsKey(filter), filter.period.timezone, filter.granularity]);
}
