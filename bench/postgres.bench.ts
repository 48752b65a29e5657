import type { BenchContext } from './context';
import { ALL_DAYS, courseIds, DATA_END, LAST_30_DAYS, LAST_7_DAYS, LOGIN_FORM_STEPS } from './dataset';
import { pgPool, type PostgresLoad } from './postgres-load';
import { differences } from './raw-metrics';
import { interleaved, type Repeat, type Summary } from './stats';

/**
 * The SQL of the course platform's database documentation (../shared/seeds/003_*.txt),
 * character for character, except `NOW()`: the data set ends on DATA_END, so "now" is bound
 * to that instant ($1) instead of the wall clock (otherwise every "last N days" is empty).
 */
export const PLATFORM_SQL = {
  // "Sample Metabase Questions" 1. Daily Active Users (Line Chart)
  dailyActiveUsers: `
   SELECT
     DATE(timestamp) as date,
     COUNT(DISTINCT user_id) as active_users
   FROM analytics_events
   WHERE is_logged_in = true
   GROUP BY DATE(timestamp)
   ORDER BY date DESC;`,
  // "Common Queries" 1. Active users in last 7 days
  sevenDayActiveUsers: `
SELECT COUNT(DISTINCT user_id) as active_users
FROM analytics_events
WHERE timestamp >= NOW() - INTERVAL '7 days'
  AND is_logged_in = true;`,
  // "Common Queries" 3. Campaign performance by UTM parameters
  utmCampaigns: `
SELECT
  utm_source,
  utm_medium,
  utm_campaign,
  COUNT(DISTINCT user_id) as unique_users,
  COUNT(*) as total_events,
  COUNT(DISTINCT CASE WHEN event_action = 'login_success' THEN user_id END) as conversions
FROM analytics_events
WHERE utm_source IS NOT NULL
  AND timestamp >= NOW() - INTERVAL '30 days'
GROUP BY utm_source, utm_medium, utm_campaign
ORDER BY unique_users DESC;`,
  // "Common Queries" 6. Complete login funnel (7 steps)
  loginFunnel: `
WITH funnel_events AS (
  SELECT
    session_id,
    user_id,
    user_email,
    MIN(CASE WHEN event_type = 'we_page_load' AND page LIKE '%/login%' THEN timestamp END) as visited_login_page,
    MIN(CASE WHEN event_action = 'login_button_clicked' THEN timestamp END) as clicked_login,
    MIN(CASE WHEN event_action = 'email_entered' THEN timestamp END) as entered_email,
    MIN(CASE WHEN event_action = 'otp_requested' THEN timestamp END) as requested_otp,
    MIN(CASE WHEN event_action = 'otp_entered' THEN timestamp END) as entered_otp,
    MIN(CASE WHEN event_action = 'login_success' THEN timestamp END) as login_successful,
    MIN(CASE WHEN event_type = 'we_page_load' AND page LIKE '%/dashboard%' THEN timestamp END) as reached_dashboard
  FROM analytics_events
  WHERE timestamp >= NOW() - INTERVAL '30 days'
  GROUP BY session_id, user_id, user_email
)
SELECT
  'Step 1: Visited Login Page' as funnel_step,
  COUNT(DISTINCT session_id) as users,
  100.0 as conversion_rate
FROM funnel_events WHERE visited_login_page IS NOT NULL
UNION ALL
SELECT 'Step 2: Clicked Login', COUNT(DISTINCT session_id),
  ROUND(100.0 * COUNT(DISTINCT session_id) / NULLIF((SELECT COUNT(DISTINCT session_id) FROM funnel_events WHERE visited_login_page IS NOT NULL), 0), 2)
FROM funnel_events WHERE clicked_login IS NOT NULL
UNION ALL
SELECT 'Step 3: Entered Email', COUNT(DISTINCT session_id),
  ROUND(100.0 * COUNT(DISTINCT session_id) / NULLIF((SELECT COUNT(DISTINCT session_id) FROM funnel_events WHERE visited_login_page IS NOT NULL), 0), 2)
FROM funnel_events WHERE entered_email IS NOT NULL
UNION ALL
SELECT 'Step 4: Requested OTP', COUNT(DISTINCT session_id),
  ROUND(100.0 * COUNT(DISTINCT session_id) / NULLIF((SELECT COUNT(DISTINCT session_id) FROM funnel_events WHERE visited_login_page IS NOT NULL), 0), 2)
FROM funnel_events WHERE requested_otp IS NOT NULL
UNION ALL
SELECT 'Step 5: Entered OTP', COUNT(DISTINCT session_id),
  ROUND(100.0 * COUNT(DISTINCT session_id) / NULLIF((SELECT COUNT(DISTINCT session_id) FROM funnel_events WHERE visited_login_page IS NOT NULL), 0), 2)
FROM funnel_events WHERE entered_otp IS NOT NULL
UNION ALL
SELECT 'Step 6: Login Successful', COUNT(DISTINCT session_id),
  ROUND(100.0 * COUNT(DISTINCT session_id) / NULLIF((SELECT COUNT(DISTINCT session_id) FROM funnel_events WHERE visited_login_page IS NOT NULL), 0), 2)
FROM funnel_events WHERE login_successful IS NOT NULL
UNION ALL
SELECT 'Step 7: Reached Dashboard', COUNT(DISTINCT session_id),
  ROUND(100.0 * COUNT(DISTINCT session_id) / NULLIF((SELECT COUNT(DISTINCT session_id) FROM funnel_events WHERE visited_login_page IS NOT NULL), 0), 2)
FROM funnel_events WHERE reached_dashboard IS NOT NULL;`,
  // "Common Queries" 2. Completion rate by course
  courseCompletion: `
SELECT
  c.title as course_name,
  COUNT(DISTINCT ca.user_id) as enrolled_users,
  COUNT(DISTINCT CASE WHEN up.is_completed THEN up.user_id END) as completed_users,
  ROUND(100.0 * COUNT(DISTINCT CASE WHEN up.is_completed THEN up.user_id END) /
    NULLIF(COUNT(DISTINCT ca.user_id), 0), 2) as completion_rate
FROM courses c
LEFT JOIN course_access ca ON c.id = ca.course_id
LEFT JOIN classes cl ON cl.topic_id IN (
  SELECT id FROM topics WHERE course_id = c.id
)
LEFT JOIN user_progress up ON up.class_id = cl.id AND up.user_id = ca.user_id
GROUP BY c.id, c.title;`,
};

/** The documented questions, plus the completion question asked of the API a second way (same PostgreSQL SQL). */
export type Question = keyof typeof PLATFORM_SQL | 'loginFunnelSevenFunnels' | 'courseCompletionFunnels' | 'courseCompletionByCourse';
const SQL_OF: Record<Question, string> = {
  ...PLATFORM_SQL,
  loginFunnelSevenFunnels: PLATFORM_SQL.loginFunnel,
  courseCompletionFunnels: PLATFORM_SQL.courseCompletion,
  courseCompletionByCourse: PLATFORM_SQL.courseCompletion,
};

/** The same questions through our GraphQL API. */
const STEP_INPUTS = [
  `{ name: "Visited Login Page", eventType: "page.viewed", pagePrefix: "/login" }`,
  ...LOGIN_FORM_STEPS.map((action) => `{ name: "${action}", eventType: "ui.clicked", where: [{ property: "element", value: "${action}" }] }`),
  `{ name: "Login Successful", eventType: "user.logged_in" }`,
  `{ name: "Reached Dashboard", eventType: "page.viewed", pagePrefix: "/dashboard" }`,
];

function chunked<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** One request, or several sent together whose data objects are merged. */
export const PLATFORM_API: Record<Question, { query: string | string[]; variables: Record<string, unknown>; note: string }> = {
  dailyActiveUsers: {
    query: `query($p: PeriodInput!) { dau(period: $p) { date value } }`,
    variables: { p: ALL_DAYS },
    note: 'dau over the whole data set (rollup)',
  },
  sevenDayActiveUsers: {
    query: `query($p: PeriodInput!) { activeUsersSummary(period: $p) { weekly } }`,
    variables: { p: LAST_7_DAYS },
    note: 'activeUsersSummary.weekly (rollup)',
  },
  utmCampaigns: {
    query: `query($p: PeriodInput!) { campaignPerformance(period: $p, limit: 1000) { utmSource utmMedium utmCampaign users sessions signups } }`,
    variables: { p: LAST_30_DAYS },
    note: 'campaignPerformance (rollup)',
  },
  // The documented query counts each step on its own (sessions with that event at all, no
  // order): the funnel's EACH_STEP mode, one query (one uniqExactIf per step over the step events).
  loginFunnel: {
    query: `query($p: PeriodInput!) { funnel(period: $p, countBy: SESSION, mode: EACH_STEP, steps: [${STEP_INPUTS.join(', ')}]) { steps { count } } }`,
    variables: { p: LAST_30_DAYS },
    note: 'funnel(mode: EACH_STEP, countBy: SESSION): 1 query on the daily step rollup (rollup_step_sessions_daily)',
  },
  // The same before EACH_STEP: seven funnels by session whose step 1 is that step (a funnel has
  // at least two steps: the step is repeated, and only step 1's count is read).
  loginFunnelSevenFunnels: {
    query: `query($p: PeriodInput!) {\n${STEP_INPUTS.map((s, i) => `  s${i + 1}: funnel(period: $p, countBy: SESSION, steps: [${s}, ${s}]) { steps { count } }`).join('\n')}\n}`,
    variables: { p: LAST_30_DAYS },
    note: '7 funnels by session, one per step (raw events)',
  },
  // completed_users = enrolled users with at least one completed class of the course: a
  // two-step funnel course.enrolled -> lesson.completed of that course, per course. The API
  // takes at most MAX_ROOT_FIELDS = 20 root fields per request, so the 50 funnels go as 5
  // requests of 10, sent together.
  courseCompletionFunnels: {
    query: chunked(courseIds(), 10).map(
      (ids, r) =>
        `query Completion${r}($p: PeriodInput!) {\n${ids
          .map(
            (id) =>
              `  ${id.replace('-', '_')}: funnel(period: $p, window: 7776000, steps: [{ eventType: "course.enrolled", courseId: "${id}" }, { eventType: "lesson.completed", courseId: "${id}" }]) { steps { count } }`,
          )
          .join('\n')}\n}`,
    ),
    variables: { p: ALL_DAYS },
    note: '50 two-step funnels, one per course, in 5 requests (raw events)',
  },
  // Nearly the same figures as two breakdowns by course (2 raw queries instead of 50): distinct
  // enrolled users, and distinct users with a lesson.completed of the course. The second does
  // not check that the completer enrolled, so it equals the documented join only when every
  // lesson completer has an enrollment event of that course in the data (not quite so here:
  // see the note and BENCHMARKS.md).
  courseCompletionByCourse: {
    query: `query($p: PeriodInput!) {
      enrolled: eventMetrics(eventType: "course.enrolled", measure: UNIQUE_USERS, groupBy: ["course_id"], period: $p) { group value }
      completed: eventMetrics(eventType: "lesson.completed", measure: UNIQUE_USERS, groupBy: ["course_id"], period: $p) { group value }
    }`,
    variables: { p: ALL_DAYS },
    note: '2 eventMetrics breakdowns by course (raw events)',
  },
  // Issue 14: the question as courseProgress's enrollment cohort of all 50 courses in one
  // request: enrolled = distinct learners with a course.enrolled, completedALesson = of them,
  // those with a lesson.completed of the course. The cohorts of every course of the list are one
  // query on the per-learner totals rollup_learner_course_total (0090), not raw events.
  courseCompletion: {
    query: `query($p: PeriodInput!, $ids: [ID!]!) { courses(period: $p, ids: $ids) { id progress { enrollmentCohort { enrolled completedALesson } } } }`,
    variables: { p: ALL_DAYS, ids: courseIds() },
    note: 'courses(ids: 50) { progress { enrollmentCohort } }: 1 request, 1 query (rollup_learner_course_total)',
  },
};

export const ORDERED_LOGIN_FUNNEL = `query($p: PeriodInput!) { funnel(period: $p, countBy: SESSION, window: 3600, steps: [${STEP_INPUTS.join(', ')}]) { steps { name count conversionFromStart } } }`;

type Rows = Record<string, unknown>[];
const n = (v: unknown) => Number(v);
const stepCounts = (d: Record<string, unknown>) => Object.values(d).map((f) => ((f as { steps: { count: number }[] }).steps[0]?.count ?? 0) as number);

/** Both answers brought to one shape, per question; `note` says what differs by definition, if anything. */
const COMPARE: Record<Question, (pgRows: Rows, api: Record<string, unknown>) => { pg: unknown; api: unknown; note?: string }> = {
  courseCompletion: compareCohort,
  dailyActiveUsers: (rows, api) => ({
    pg: Object.fromEntries(rows.map((r) => [String(r.date), n(r.active_users)])),
    api: Object.fromEntries((api.dau as { date: string; value: number }[]).filter((d) => d.value > 0).map((d) => [d.date, d.value])),
  }),
  sevenDayActiveUsers: (rows, api) => ({ pg: n(rows[0].active_users), api: (api.activeUsersSummary as { weekly: number }).weekly }),
  utmCampaigns: (rows, api) => ({
    pg: Object.fromEntries(rows.map((r) => [`${r.utm_source ?? ''}|${r.utm_medium ?? ''}|${r.utm_campaign ?? ''}`, n(r.unique_users)])),
    api: Object.fromEntries((api.campaignPerformance as Record<string, unknown>[]).map((r) => [`${r.utmSource}|${r.utmMedium}|${r.utmCampaign}`, r.users])),
    note: 'unique_users compared. total_events (every event, any type) is not an API figure; conversions (login_success carrying UTM) are 0 in PostgreSQL because only the landing and registration events carry UTM in this data; the API reports signups (user.registered) instead.',
  }),
  loginFunnel: (rows, api) => ({
    pg: rows.map((r) => n(r.users)),
    api: (api.funnel as { steps: { count: number }[] }).steps.map((s) => s.count),
  }),
  loginFunnelSevenFunnels: (rows, api) => ({
    pg: rows.map((r) => n(r.users)),
    api: stepCounts(api),
  }),
  courseCompletionFunnels: (rows, api) => {
    const byTitle = new Map(rows.map((r) => [String(r.course_name).replace(/^.*\[(course-\d+)\]$/, '$1'), r]));
    const funnel = (id: string) => (api[id.replace('-', '_')] as { steps: { count: number }[] } | undefined)?.steps ?? [];
    return {
      pg: Object.fromEntries(courseIds().map((id) => [id, [n(byTitle.get(id)?.enrolled_users ?? 0), n(byTitle.get(id)?.completed_users ?? 0)]])),
      api: Object.fromEntries(courseIds().map((id) => [id, [funnel(id)[0]?.count ?? 0, funnel(id)[1]?.count ?? 0]])),
      note: "The documented 'completion' counts enrolled users with at least one completed class; the API's own cohortCompletionRate counts course.completed instead.",
    };
  },
  courseCompletionByCourse: (rows, api) => {
    const byTitle = new Map(rows.map((r) => [String(r.course_name).replace(/^.*\[(course-\d+)\]$/, '$1'), r]));
    const breakdown = (key: string) => new Map((api[key] as { group: string[]; value: number }[]).map((r) => [r.group[0], r.value]));
    const [enrolled, completed] = [breakdown('enrolled'), breakdown('completed')];
    return {
      pg: Object.fromEntries(courseIds().map((id) => [id, [n(byTitle.get(id)?.enrolled_users ?? 0), n(byTitle.get(id)?.completed_users ?? 0)]])),
      api: Object.fromEntries(courseIds().map((id) => [id, [enrolled.get(id) ?? 0, completed.get(id) ?? 0]])),
      note: 'completed_users here counts every lesson completer, enrolled or not; the documented join only counts those with a course_access row. They differ by the completers without an enrollment event of that course in the data set (the bench leaves out events whose event_id repeats an earlier one, enrollments included). The cohort (courseCompletion) and funnel (courseCompletionFunnels) formulations check the enrollment and agree.',
    };
  },
};

function compareCohort(rows: Rows, api: Record<string, unknown>) {
  const byTitle = new Map(rows.map((r) => [String(r.course_name).replace(/^.*\[(course-\d+)\]$/, '$1'), r]));
  type Item = { id: string; progress: { enrollmentCohort: { enrolled: number; completedALesson: number } } };
  const byId = new Map((api.courses as Item[]).map((c) => [c.id, c.progress.enrollmentCohort]));
  return {
    pg: Object.fromEntries(courseIds().map((id) => [id, [n(byTitle.get(id)?.enrolled_users ?? 0), n(byTitle.get(id)?.completed_users ?? 0)]])),
    api: Object.fromEntries(courseIds().map((id) => [id, [byId.get(id)?.enrolled ?? 0, byId.get(id)?.completedALesson ?? 0]])),
    note: 'enrollmentCohort over the whole data set: enrolled learners and, of them, those with a lesson.completed of the course, which is the documented join (course_access x user_progress.is_completed).',
  };
}

export interface PostgresQuestion {
  question: Question;
  api: string;
  postgres: Summary;
  graphql: Summary;
  /** PostgreSQL p50 / API p50: how many times faster the API answers. */
  speedup: number;
  equal: boolean;
  differences: string[];
  note?: string;
  /** Both answers, when small enough to show (the login funnel). */
  answers?: { postgres: unknown; api: unknown };
}

export interface PostgresMeasurement {
  load: PostgresLoad;
  settings: Record<string, string>;
  questions: PostgresQuestion[];
  /** The ordered 7-step login funnel (windowFunnel by session, 1 h window), which the documented SQL cannot express. */
  orderedLoginFunnel: { name: string; count: number; conversionFromStart: number }[];
  /** Formulations whose runs failed (their error), left out of `questions`. */
  failed?: { question: string; error: string }[];
}

/** Runs each documented query and the same question through the API, compares answers and times both. */
export async function benchPostgres(ctx: BenchContext, load: PostgresLoad, repeat: Repeat, only?: readonly string[]): Promise<PostgresMeasurement> {
  const pool = pgPool(load.database, 1);
  try {
    const settings: Record<string, string> = {};
    for (const name of ['server_version', 'shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'effective_cache_size']) {
      settings[name] = (await pool.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
    }
    await pool.query(`SET statement_timeout = '20min'`);
    const now = `${DATA_END} 00:00:00+00`;
    const questions: PostgresQuestion[] = [];
    const failed: { question: string; error: string }[] = [];
    for (const question of Object.keys(SQL_OF) as Question[]) {
      if (only !== undefined && !only.includes(question)) continue;
      ctx.log(`  postgres: ${question}`);
      const text = SQL_OF[question].replace(/NOW\(\)/g, '$1::timestamptz');
      const params = text.includes('$1') ? [now] : [];
      const api = PLATFORM_API[question];
      // The answers compared are those of the last timed runs (a documented query can take minutes at 10M).
      let pgRows: Rows = [];
      let apiData: Record<string, unknown> = {};
      const runPg = async () => {
        pgRows = (await pool.query(text, params)).rows as Rows;
      };
      const runApi = async () => {
        const documents = Array.isArray(api.query) ? api.query : [api.query];
        apiData = Object.assign({}, ...(await Promise.all(documents.map((d) => ctx.graphql.request(d, api.variables)))));
      };
      let times;
      try {
        times = await interleaved(repeat, { postgres: runPg, graphql: runApi });
      } catch (error) {
        // A formulation that fails (e.g. over the request deadline on a loaded machine) is reported, not fatal to the rest.
        failed.push({ question, error: (error as Error).message });
        ctx.log(`  postgres: ${question} failed: ${(error as Error).message}`);
        continue;
      }
      const compared = COMPARE[question](pgRows, apiData);
      const diff = differences(compared.pg, compared.api);
      questions.push({
        question,
        api: api.note,
        postgres: times.postgres,
        graphql: times.graphql,
        speedup: times.postgres.p50 / times.graphql.p50,
        equal: diff.length === 0,
        differences: diff,
        note: compared.note,
        answers: question.startsWith('loginFunnel') || question === 'sevenDayActiveUsers' ? { postgres: compared.pg, api: compared.api } : undefined,
      });
    }
    let orderedLoginFunnel: PostgresMeasurement['orderedLoginFunnel'] = [];
    try {
      const ordered = await ctx.graphql.request<{ funnel: { steps: { name: string; count: number; conversionFromStart: number }[] } }>(ORDERED_LOGIN_FUNNEL, {
        p: LAST_30_DAYS,
      });
      orderedLoginFunnel = ordered.funnel.steps;
    } catch (error) {
      failed.push({ question: 'orderedLoginFunnel', error: (error as Error).message });
    }
    return { load, settings, questions, orderedLoginFunnel, failed };
  } finally {
    await pool.end();
  }
}
