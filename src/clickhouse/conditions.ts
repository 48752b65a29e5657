import type { Period } from '../domain/period';
import type { TenantScope } from '../domain/tenant-scope';
import { keyword, sql, type SqlFragment } from './sql';

/** `company_id = {p}` for a company scope, `1` (no filter) for the all-companies scope. */
export function scopeCondition(scope: TenantScope): SqlFragment {
  return scope.companyId === null ? sql`1` : sql`company_id = ${scope.companyId}`;
}

/** The period's UTC range on a rollup's `hour` or the raw `timestamp` column. */
export function periodCondition(period: Pick<Period, 'fromUtc' | 'toUtc'>, column: 'hour' | 'timestamp'): SqlFragment {
  const col = keyword(column);
  return sql`${col} >= ${period.fromUtc} AND ${col} < ${period.toUtc}`;
}
