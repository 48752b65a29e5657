import { DateTime } from 'luxon';
import { MAX_EVENT_METRIC_ROWS } from '../domain/arguments';
import { badUserInput } from '../domain/errors';
import { bucketLabels, resolvePeriod, type Period, type PeriodArgs, type PeriodLimits } from '../domain/period';
import { ActiveUsersService, type DailyPoint } from '../metrics/active-users.service';
import { EventCountsService } from '../metrics/event-counts.service';
import { EventMetricsService } from '../metrics/event-metrics.service';
import type { RequestServices } from '../metrics/request-services';
import { RetentionService, type RetentionCohort } from '../metrics/retention.service';
import { SessionsService } from '../metrics/sessions.service';
import type { QueryParams } from '../rest/query-params';

/** The `metric` values of the analytics specification's `GET /admin/analytics/users`. */
export const USER_METRICS = ['active', 'new', 'sessions', 'practice-time', 'retention'] as const;
export type UserMetric = (typeof USER_METRICS)[number];

export const USER_ANALYTICS_PARAMETERS = ['startDate', 'endDate', 'metric'] as const;

/** Retention answers weekly cohorts of registrations, followed for this many weeks (counting their own). */
export const RETENTION_WEEKS = 8;

export interface UserAnalyticsQuery {
  metric: UserMetric;
  /** YYYY-MM-DD, included. */
  startDate: string;
  /** YYYY-MM-DD, included (a person reading "endDate" means the last day they want). */
  endDate: string;
  /** The same days as the half-open period every service takes: [startDate, endDate + 1 day), UTC. */
  periodArgs: PeriodArgs;
  period: Period;
}

export interface UserAnalyticsResponse {
  metric: UserMetric;
  startDate: string;
  endDate: string;
  timezone: 'UTC';
  /** What `value` (or, for retention, `size` and `retained`) counts. */
  unit: 'users' | 'sessions' | 'seconds';
  data: DailyPoint[] | RetentionCohort[];
}

const UNITS: Record<UserMetric, UserAnalyticsResponse['unit']> = {
  active: 'users',
  new: 'users',
  sessions: 'sessions',
  'practice-time': 'seconds',
  retention: 'users',
};

/** Reads and checks the query (BAD_USER_INPUT naming the parameter) before anything is asked of ClickHouse. */
export function readUserAnalyticsQuery(query: QueryParams, limits: PeriodLimits): UserAnalyticsQuery {
  const text = query.required('metric');
  const metric = USER_METRICS.find((m) => m === text);
  if (metric === undefined) throw badUserInput('metric', `must be one of ${USER_METRICS.join(', ')}, got ${JSON.stringify(text.slice(0, 40))}`);
  const start = query.date('startDate');
  const end = query.date('endDate');
  const startDate = start.toISOString().slice(0, 10);
  const endDate = end.toISOString().slice(0, 10);
  if (endDate < startDate)
    throw badUserInput('endDate', `(${endDate}) is before startDate (${startDate}); both days are included, so one day is startDate=endDate`);
  const periodArgs: PeriodArgs = { from: start, to: DateTime.fromJSDate(end, { zone: 'UTC' }).plus({ days: 1 }).toJSDate(), timezone: 'UTC' };
  const period = withParameter('endDate', () => resolvePeriod(periodArgs, limits, metric === 'retention' ? 'WEEK' : 'DAY'));
  if (metric === 'practice-time' && period.days > MAX_EVENT_METRIC_ROWS) {
    throw badUserInput('endDate', `practice-time answers at most ${MAX_EVENT_METRIC_ROWS} days; ask for a shorter range`);
  }
  return { metric, startDate, endDate, periodArgs, period };
}

/** A period error of the shared rules (length limit) names the REST parameter that fixes it. */
function withParameter<T>(parameter: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const e = error as { extensions?: { code?: unknown }; message?: string };
    if (e.extensions?.code === 'BAD_USER_INPUT') throw badUserInput(parameter, String(e.message).replace(/^period(\.timezone)?: /, ''));
    throw error;
  }
}

/**
 * Answers one metric with the existing services (no SQL of its own): active = dau, new =
 * eventCounts of user.registered, sessions = distinct sessions per day, practice-time =
 * eventMetrics SUM(duration_seconds) of practice_session.completed, retention = weekly
 * registration cohorts. Daily metrics have one zero-filled entry per day.
 */
export async function userAnalytics(services: RequestServices, q: UserAnalyticsQuery): Promise<UserAnalyticsResponse> {
  const answer = (data: UserAnalyticsResponse['data']): UserAnalyticsResponse => ({
    metric: q.metric,
    startDate: q.startDate,
    endDate: q.endDate,
    timezone: 'UTC',
    unit: UNITS[q.metric],
    data,
  });
  switch (q.metric) {
    case 'active':
      return answer(await services.get(ActiveUsersService).dau(q.periodArgs, null, null));
    case 'new': {
      const counts = await services.get(EventCountsService).perBucket(q.periodArgs, null, 'DAY', ['user.registered']);
      return answer(counts.map((c) => ({ date: c.bucket, value: c.count })));
    }
    case 'sessions':
      return answer(await services.get(SessionsService).perDay(q.periodArgs, null));
    case 'practice-time': {
      const rows = await services.get(EventMetricsService).breakdown(null, {
        eventType: 'practice_session.completed',
        period: q.periodArgs,
        measure: 'SUM',
        property: 'duration_seconds',
        groupBy: null,
        granularity: 'DAY',
        limit: MAX_EVENT_METRIC_ROWS,
      });
      const seconds = new Map(rows.map((r) => [r.bucket, r.value]));
      return answer(bucketLabels(q.period, 'DAY').map((date) => ({ date, value: seconds.get(date) ?? 0 })));
    }
    case 'retention':
      return answer(
        await services.get(RetentionService).retention(null, {
          period: q.periodArgs,
          cohortEventType: 'user.registered',
          returnEventType: null,
          granularity: 'WEEK',
          periods: RETENTION_WEEKS,
        }),
      );
  }
}
