import { MAX_EVENT_METRIC_ROWS } from '../domain/arguments';
import type { PeriodArgs } from '../domain/period';
import type { TenantScope } from '../domain/tenant-scope';
import type { GroupColumn } from '../domain/vocabulary';
import { EventMetricsService } from './event-metrics.service';
import type { ServiceDeps } from './request-services';

/**
 * The groups (quizzes, videos, lessons) a partner view may show figures of, as eventMetrics
 * decides them for the same events (issue 13). A list field whose rows are the groups of one
 * event type, within one course (`courseId`) or over the company (`courseId` null: a list of one
 * group the caller names), is eventMetrics of that type by [course_id, column] or by [column].
 * Decided there, on one cube over every group of the company with ties by label, a complement
 * is the same group in both fields and in a list of one, whichever groups a question names.
 * A group absent from the answer (under k, a complement, or past the row limit) is withheld.
 */
export async function visibleGroups(
  deps: ServiceDeps,
  scope: TenantScope,
  periodArgs: PeriodArgs,
  eventType: string,
  column: GroupColumn,
  courseId: string | null,
): Promise<Set<string>> {
  return visibleGroupsWhere(deps, scope, periodArgs, eventType, column, courseId === null ? {} : { course_id: courseId });
}

/**
 * The same for groups of `column` among the events whose `fixed` groupBy entries (columns or
 * `properties.` paths) have the given values (a funnel's first step restricted to a course, a
 * lesson or property values): eventMetrics by [column, ...fixed].
 */
export async function visibleGroupsWhere(
  deps: ServiceDeps,
  scope: TenantScope,
  periodArgs: PeriodArgs,
  eventType: string,
  column: GroupColumn,
  fixed: Readonly<Record<string, string>>,
): Promise<Set<string>> {
  const others = Object.entries(fixed);
  const rows = await new EventMetricsService(deps).breakdown(scope.companyId, {
    eventType,
    period: periodArgs,
    measure: 'UNIQUE_USERS',
    property: null,
    groupBy: [column, ...others.map(([c]) => c)],
    granularity: null,
    limit: MAX_EVENT_METRIC_ROWS,
  });
  const visible = rows.filter((r) => r.value !== null && others.every(([, v], i) => r.group[i + 1] === v));
  return new Set(visible.map((r) => r.group[0] as string));
}
