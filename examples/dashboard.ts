/**
 * A typed client for the admin dashboard, with no GraphQL client library: `fetch`, the typed
 * documents that `npm run schema` generates from client/operations/*.graphql, and `print` from
 * graphql to turn a document back into the query text the server expects.
 *
 * Variables and results are typed by the documents themselves (TypedDocumentNode), so a wrong
 * variable or a field the operation does not select is a compile error, and a change to the
 * schema that breaks an operation fails `npm run schema` / the drift test.
 *
 *   LEARNMETRICS_TOKEN=$(npm run -s token -- --role admin --ttl 1h) \
 *     npx ts-node --transpile-only examples/dashboard.ts --url http://localhost:4000/graphql
 */
import { parseArgs } from 'node:util';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CampaignsDocument,
  CompanySummaryDetailDocument,
  CompanySummaryDocument,
  CourseEngagementDetailDocument,
  CourseEngagementDocument,
  DailyActiveUsersDocument,
  EventCountsDocument,
  FunnelDocument,
  RetentionDocument,
  RevenueDocument,
  TopContentDocument,
  type CampaignsQuery,
  type CompanySummaryDetailQuery,
  type CompanySummaryQuery,
  type CourseEngagementDetailQuery,
  type CourseEngagementQuery,
  type DailyActiveUsersQuery,
  type EventCountsQuery,
  type FunnelQuery,
  type FunnelStepInput,
  type Granularity,
  type PeriodInput,
  type RetentionQuery,
  type RevenueQuery,
  type TopContentQuery,
} from '../client/generated/graphql';

/** The dashboard's panels, in the order the admin app lays them out (and reports failures in). */
export const PANELS = [
  'DailyActiveUsers',
  'CourseEngagement',
  'Funnel',
  'Retention',
  'CompanySummary',
  'Campaigns',
  'TopContent',
  'Revenue',
  'EventCounts',
] as const;
export type PanelName = (typeof PANELS)[number];

export interface Endpoint {
  /** The GraphQL URL, e.g. http://localhost:4000/graphql. */
  url: string;
  /** A bearer token (admin or analyst for every company; partner for its own company). */
  token: string;
}

/** One entry of a GraphQL response's `errors`. */
export interface ServerError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** A panel could not be loaded: the panel, the HTTP status, and what the server said. */
export class DashboardError extends Error {
  constructor(
    message: string,
    readonly panel: string,
    /** The HTTP status, or null when the server could not be reached. */
    readonly status: number | null,
    /** The GraphQL errors of the response (empty for HTTP-level failures). */
    readonly errors: readonly ServerError[] = [],
  ) {
    super(message);
    this.name = 'DashboardError';
  }
}

const queryText = new WeakMap<DocumentNode, string>();

/** `print` once per document, not once per request. */
function textOf(document: DocumentNode): string {
  let text = queryText.get(document);
  if (text === undefined) {
    text = print(document);
    queryText.set(document, text);
  }
  return text;
}

function describeErrors(errors: readonly ServerError[]): string {
  return errors.map((e) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message)).join('; ');
}

/**
 * Runs one typed operation: `variables` must match the operation's variables and the result is
 * the operation's data type. Throws a DashboardError naming `panel` for a network failure, an
 * HTTP error, or any GraphQL error (partial data is not returned: a panel is whole or failed).
 */
export async function request<TData, TVariables>(
  endpoint: Endpoint,
  panel: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  let res: Response;
  try {
    res = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${endpoint.token}` },
      body: JSON.stringify({ query: textOf(document), variables }),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new DashboardError(`${panel}: cannot reach ${endpoint.url}: ${cause}`, panel, null);
  }
  const text = await res.text();
  let body: { data?: TData | null; errors?: ServerError[]; error?: string } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  const errors = body?.errors ?? [];
  // 401: no, expired or badly signed token (the body is { error }); 403: a role that may not read this.
  const serverSays = body?.error ?? (errors.length > 0 ? describeErrors(errors) : text.slice(0, 200));
  if (res.status === 401) {
    throw new DashboardError(
      `${panel}: HTTP 401 Unauthorized: the server did not accept the token (${serverSays}). Send a valid token, e.g. LEARNMETRICS_TOKEN=$(npm run -s token -- --role admin --ttl 1h)`,
      panel,
      401,
      errors,
    );
  }
  if (res.status === 403) {
    throw new DashboardError(
      `${panel}: HTTP 403 Forbidden: this token may not read the panel (${serverSays}). Use an admin or analyst token, or a partner token for its own company`,
      panel,
      403,
      errors,
    );
  }
  if (errors.length > 0) throw new DashboardError(`${panel}: ${serverSays}`, panel, res.status, errors);
  if (!res.ok || body === undefined) throw new DashboardError(`${panel}: HTTP ${res.status} ${res.statusText}: ${serverSays}`, panel, res.status);
  if (body.data == null) throw new DashboardError(`${panel}: the response has no data`, panel, res.status);
  return body.data;
}

export interface DashboardOptions extends Endpoint {
  period: PeriodInput;
  /** One company's dashboard; all companies when absent. */
  companyId?: string;
  /** The course shown in detail; the first of the course list when absent. */
  courseId?: string;
  /** Bucket size of the series (course and company detail, revenue, event counts); DAY by default. */
  granularity?: Granularity;
  /** Funnel steps; view, enroll, complete a course by default. */
  funnelSteps?: FunnelStepInput[];
}

export const DEFAULT_FUNNEL: FunnelStepInput[] = [
  { eventType: 'course.viewed', name: 'Viewed a course' },
  { eventType: 'course.enrolled', name: 'Enrolled' },
  { eventType: 'course.completed', name: 'Completed' },
];

/** Everything the admin dashboard shows, typed by the operations that fetched it. */
export interface Dashboard {
  period: PeriodInput;
  companyId: string | null;
  activeUsers: DailyActiveUsersQuery;
  courses: {
    list: CourseEngagementQuery['courses'];
    /** The selected course over time; null when no course was asked for and none was active. */
    selected: CourseEngagementDetailQuery['courseEngagement'] | null;
  };
  funnel: FunnelQuery['funnel'];
  retention: RetentionQuery['retention'];
  companies: {
    list: CompanySummaryQuery['companies'];
    /** The selected company over time; null when no company was asked for and none was active. */
    selected: CompanySummaryDetailQuery['companyLearningSummary'] | null;
  };
  campaigns: CampaignsQuery['campaignPerformance'];
  topContent: TopContentQuery;
  revenue: RevenueQuery['revenue'];
  eventCounts: EventCountsQuery['eventCounts'];
}

/**
 * Loads every panel of the dashboard, one request per panel as the React app does (each panel
 * renders on its own), all in parallel. The course and company panels are a list plus a detail
 * of the selected row; the detail waits for the list only when nothing was selected.
 * If any panel fails, throws the DashboardError of the first failed panel in PANELS order
 * (the others are in `failures`).
 */
export async function fetchDashboard(options: DashboardOptions): Promise<Dashboard> {
  const endpoint: Endpoint = { url: options.url, token: options.token };
  const { period, companyId, granularity = 'DAY' } = options;

  const courses = async () => {
    const courseDetail = (courseId: string) =>
      request(endpoint, 'CourseEngagement', CourseEngagementDetailDocument, { courseId, period, companyId, granularity });
    const [list, chosen] = await Promise.all([
      request(endpoint, 'CourseEngagement', CourseEngagementDocument, { period, companyId }),
      options.courseId ? courseDetail(options.courseId) : null,
    ]);
    const first = list.courses[0]?.id;
    const detail = chosen ?? (first !== undefined ? await courseDetail(first) : null);
    return { list: list.courses, selected: detail?.courseEngagement ?? null };
  };

  const companies = async () => {
    const companyDetail = (id: string) => request(endpoint, 'CompanySummary', CompanySummaryDetailDocument, { companyId: id, period, granularity });
    const [list, chosen] = await Promise.all([
      request(endpoint, 'CompanySummary', CompanySummaryDocument, { period, ids: companyId ? [companyId] : undefined }),
      companyId ? companyDetail(companyId) : null,
    ]);
    const first = list.companies[0]?.companyId;
    const detail = chosen ?? (first !== undefined ? await companyDetail(first) : null);
    return { list: list.companies, selected: detail?.companyLearningSummary ?? null };
  };

  const panels = {
    DailyActiveUsers: request(endpoint, 'DailyActiveUsers', DailyActiveUsersDocument, { period, companyId, compareTo: 'PREVIOUS_PERIOD' }),
    CourseEngagement: courses(),
    Funnel: request(endpoint, 'Funnel', FunnelDocument, { period, companyId, steps: options.funnelSteps ?? DEFAULT_FUNNEL }),
    Retention: request(endpoint, 'Retention', RetentionDocument, { period, companyId }),
    CompanySummary: companies(),
    Campaigns: request(endpoint, 'Campaigns', CampaignsDocument, { period, companyId }),
    TopContent: request(endpoint, 'TopContent', TopContentDocument, { period, companyId }),
    Revenue: request(endpoint, 'Revenue', RevenueDocument, { period, companyId, granularity }),
    EventCounts: request(endpoint, 'EventCounts', EventCountsDocument, { period, companyId, granularity }),
  } satisfies Record<PanelName, Promise<unknown>>;

  // allSettled, not all: wait for every request so none is left running, then report in panel order.
  const settled = await Promise.allSettled(PANELS.map((name) => panels[name]));
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  if (failures.length > 0) {
    const first = failures[0];
    if (failures.length > 1)
      first.message += ` (${failures.length - 1} more panel(s) failed: ${failures
        .slice(1)
        .map((f) => (f as DashboardError).panel ?? f.message)
        .join(', ')})`;
    throw Object.assign(first, { failures });
  }

  return {
    period,
    companyId: companyId ?? null,
    activeUsers: await panels.DailyActiveUsers,
    courses: await panels.CourseEngagement,
    funnel: (await panels.Funnel).funnel,
    retention: (await panels.Retention).retention,
    companies: await panels.CompanySummary,
    campaigns: (await panels.Campaigns).campaignPerformance,
    topContent: await panels.TopContent,
    revenue: (await panels.Revenue).revenue,
    eventCounts: (await panels.EventCounts).eventCounts,
  };
}

const pct = (x: number | null | undefined) => (x == null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

/** A few lines a person can read: the headline figure of every panel. */
export function summarize(d: Dashboard): string[] {
  const a = d.activeUsers.activeUsersSummary;
  const course = d.courses.selected;
  const company = d.companies.selected;
  const campaign = d.campaigns[0];
  const cohort = d.retention.find((c) => (c.size ?? 0) > 0);
  const byType = new Map<string, number>();
  for (const row of d.eventCounts) byType.set(row.eventType, (byType.get(row.eventType) ?? 0) + (row.count ?? 0));
  const busiest = [...byType].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
  const total = [...byType.values()].reduce((s, n) => s + n, 0);
  const top = (rows: TopContentQuery['courses']) => (rows[0] ? `${rows[0].id} (${rows[0].views} views)` : 'none');
  return [
    `Dashboard ${d.period.from} .. ${d.period.to} (${d.period.timezone ?? 'UTC'}), ${d.companyId ? `company ${d.companyId}` : 'all companies'}`,
    `  Active users  avg DAU ${a.dailyAverage?.toFixed(1) ?? 'n/a'} (before: ${a.comparison?.dailyAverage?.toFixed(1) ?? 'n/a'}), WAU ${a.weekly}, MAU ${a.monthly}, stickiness ${pct(a.stickiness)}`,
    `  Courses       ${d.courses.list.length} listed${course ? `; ${course.courseId}: ${course.enrollments} enrollments, ${course.completions} completions, ${course.activeLearners} active learners` : ''}`,
    `  Funnel        ${d.funnel.steps.map((s) => `${s.name} ${s.count}`).join(' -> ')} (${pct(d.funnel.overallConversion)} overall)`,
    `  Retention     ${cohort ? `cohort of ${cohort.cohortStart}: ${cohort.size} users, ${cohort.rates.map(pct).join(' / ')}` : 'no cohort in the period'}`,
    `  Companies     ${d.companies.list.length} active${company ? `; ${company.companyId}: ${company.activeLearners} active learners, ${company.coursesCompleted} courses completed` : ''}`,
    `  Campaigns     ${campaign ? `${d.campaigns.length} campaigns; top ${[campaign.utmSource, campaign.utmMedium, campaign.utmCampaign].filter(Boolean).join(' / ')}: ${campaign.users} users, ${campaign.signups} signups` : 'no campaign traffic'}`,
    `  Top content   course ${top(d.topContent.courses)}, page ${top(d.topContent.pages)}`,
    `  Revenue       ${d.revenue.totals.map((t) => `${t.currency} ${t.amount} (${t.payments} paid, ${t.failedPayments} failed)`).join(', ') || 'none'}; subscriptions +${d.revenue.subscriptionsActivated} / -${d.revenue.subscriptionsCancelled}`,
    `  Events        ${total} events of ${byType.size} types${busiest ? `; most: ${busiest[0]} (${busiest[1]})` : ''}`,
  ];
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `ts-node --transpile-only examples/dashboard.ts --url URL [--from D --to D --timezone TZ --company C --course C]` */
export async function main(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string', default: 'http://localhost:4000/graphql' },
        from: { type: 'string' },
        to: { type: 'string' },
        timezone: { type: 'string', default: 'UTC' },
        company: { type: 'string' },
        course: { type: 'string' },
      },
    }));
  } catch (error) {
    err.write(`${(error as Error).message}\n`);
    return 2;
  }
  const token = env.LEARNMETRICS_TOKEN;
  if (!token) {
    err.write('set LEARNMETRICS_TOKEN, e.g. LEARNMETRICS_TOKEN=$(npm run -s token -- --role admin --ttl 1h)\n');
    return 2;
  }
  // Default period: the 30 days up to and including today (UTC).
  const tomorrow = new Date(Date.now() + 86_400_000);
  const period: PeriodInput = {
    from: values.from ?? isoDay(new Date(tomorrow.getTime() - 30 * 86_400_000)),
    to: values.to ?? isoDay(tomorrow),
    timezone: values.timezone,
  };
  try {
    const dashboard = await fetchDashboard({ url: values.url, token, period, companyId: values.company, courseId: values.course });
    out.write(summarize(dashboard).join('\n') + '\n');
    return 0;
  } catch (error) {
    err.write(`${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process.stdout, process.stderr).then((code) => {
    process.exitCode = code;
  });
}
