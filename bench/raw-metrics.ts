import type { ClickHouse } from '../src/clickhouse/client';
import { sql, type SqlFragment } from '../src/clickhouse/sql';
import { BENCH_COMPANY, BENCH_COURSE, courseIds, LAST_30_DAYS } from './dataset';

/**
 * Every rollup-served metric, asked through GraphQL and recomputed from RAW events with SQL
 * written here, independently of the materialized views (design.md's metric definitions).
 * `fromApi` and `fromRaw` bring both answers to the same plain shape so they can be compared.
 */
export interface RollupMetric {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  fromApi(data: Record<string, unknown>): unknown;
  /** One or more statements over `events`, run together. */
  raw(db: ClickHouse): SqlFragment[];
  fromRaw(rows: Record<string, unknown>[][]): unknown;
}

const P = LAST_30_DAYS;
const FROM = new Date(`${P.from}T00:00:00Z`);
const TO = new Date(`${P.to}T00:00:00Z`);
const WEEK_START = new Date(TO.getTime() - 7 * 86_400_000);
const DAYS = Math.round((TO.getTime() - FROM.getTime()) / 86_400_000);
const period = (column = sql`timestamp`) => sql`${column} >= ${FROM} AND ${column} < ${TO}`;
// design.md "Active learner": the learning event types, spelled out as in the migrations.
const LEARNING = sql`(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))`;

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);
/** avg* of no rows is nan, which JSON output writes as null. */
const mean = (v: unknown) => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const days = (): string[] => Array.from({ length: DAYS }, (_, i) => new Date(FROM.getTime() + i * 86_400_000).toISOString().slice(0, 10));

const COURSE_FIELDS =
  'enrollments completions activeLearners learningTimeSeconds lessonCompletions averageQuizScore quizPassRate completionRate averageTimeSpentSeconds';
const COURSE_COLUMNS = sql`countIf(type = 'course.enrolled') AS enrollments, countIf(type = 'course.completed') AS completions,
  uniqExactIf(user_id, user_id != '') AS active_learners, sum(toUInt64(duration_seconds)) AS learning_time,
  countIf(type = 'lesson.completed') AS lesson_completions,
  avgIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL) AS quiz_score,
  countIf(type = 'quiz.completed') AS quizzes, countIf(type = 'quiz.completed' AND passed = true) AS quizzes_passed`;

function courseFromRaw(r: Row | undefined) {
  const enrollments = num(r?.enrollments ?? 0);
  const completions = num(r?.completions ?? 0);
  const activeLearners = num(r?.active_learners ?? 0);
  const learningTimeSeconds = num(r?.learning_time ?? 0);
  return {
    enrollments,
    completions,
    activeLearners,
    learningTimeSeconds,
    lessonCompletions: num(r?.lesson_completions ?? 0),
    averageQuizScore: mean(r?.quiz_score),
    quizPassRate: ratio(num(r?.quizzes_passed ?? 0), num(r?.quizzes ?? 0)),
    completionRate: ratio(completions, enrollments),
    averageTimeSpentSeconds: ratio(learningTimeSeconds, activeLearners),
  };
}

const pick = (o: Record<string, unknown>, fields: string) => Object.fromEntries(fields.split(' ').map((f) => [f, o[f] ?? null]));

export const ROLLUP_METRICS: RollupMetric[] = [
  {
    name: 'dau (30 days)',
    query: `query($p: PeriodInput!) { dau(period: $p) { date value } }`,
    variables: { p: P },
    fromApi: (d) => Object.fromEntries((d.dau as { date: string; value: number }[]).map((x) => [x.date, x.value])),
    raw: (db) => [
      sql`SELECT toString(toDate(timestamp)) AS day, uniqExact(user_id) AS users
          FROM ${db.table('events')} WHERE ${period()} AND user_id != '' GROUP BY day`,
    ],
    fromRaw: ([rows]) => {
      const byDay = new Map(rows.map((r) => [String(r.day), num(r.users)]));
      return Object.fromEntries(days().map((d) => [d, byDay.get(d) ?? 0]));
    },
  },
  {
    // Issue 11: a +05:30 zone, served from the 15-minute states (0021).
    name: 'dau (30 days, Asia/Kolkata)',
    query: `query($p: PeriodInput!) { dau(period: $p) { date value } }`,
    variables: { p: { ...P, timezone: 'Asia/Kolkata' } },
    fromApi: (d) => Object.fromEntries((d.dau as { date: string; value: number }[]).map((x) => [x.date, x.value])),
    raw: (db) => {
      const offset = 330 * 60_000;
      const from = new Date(FROM.getTime() - offset);
      const to = new Date(TO.getTime() - offset);
      return [
        sql`SELECT toString(toDate(timestamp, 'Asia/Kolkata')) AS day, uniqExact(user_id) AS users
            FROM ${db.table('events')} WHERE timestamp >= ${from} AND timestamp < ${to} AND user_id != '' GROUP BY day`,
      ];
    },
    fromRaw: ([rows]) => {
      const byDay = new Map(rows.map((r) => [String(r.day), num(r.users)]));
      return Object.fromEntries(days().map((d) => [d, byDay.get(d) ?? 0]));
    },
  },
  {
    name: 'activeUsersSummary (WAU, MAU)',
    query: `query($p: PeriodInput!) { activeUsersSummary(period: $p) { dailyAverage weekly monthly stickiness } }`,
    variables: { p: P },
    fromApi: (d) => d.activeUsersSummary,
    raw: (db) => [
      sql`SELECT uniqExactIf(user_id, timestamp >= ${WEEK_START}) AS weekly, uniqExact(user_id) AS monthly,
                 (SELECT sum(users) FROM (SELECT uniqExact(user_id) AS users FROM ${db.table('events')}
                                          WHERE ${period()} AND user_id != '' GROUP BY toDate(timestamp))) AS daily_sum
          FROM ${db.table('events')} WHERE ${period()} AND user_id != ''`,
    ],
    fromRaw: ([[r]]) => {
      const monthly = num(r.monthly);
      const dailySum = num(r.daily_sum);
      return { dailyAverage: dailySum / DAYS, weekly: num(r.weekly), monthly, stickiness: monthly === 0 ? 0 : dailySum / DAYS / monthly };
    },
  },
  {
    name: 'courseEngagement (1 course)',
    query: `query($c: ID!, $p: PeriodInput!) { courseEngagement(courseId: $c, period: $p) { ${COURSE_FIELDS} } }`,
    variables: { c: BENCH_COURSE, p: P },
    fromApi: (d) => pick(d.courseEngagement as Row, COURSE_FIELDS),
    raw: (db) => [sql`SELECT ${COURSE_COLUMNS} FROM ${db.table('events')} WHERE course_id = ${BENCH_COURSE} AND ${LEARNING} AND ${period()}`],
    fromRaw: ([[r]]) => courseFromRaw(r),
  },
  {
    name: 'courses (50-course dashboard)',
    query: `query($ids: [ID!]!, $p: PeriodInput!) { courses(ids: $ids, period: $p) { id engagement { ${COURSE_FIELDS} } } }`,
    variables: { ids: courseIds(), p: P },
    fromApi: (d) => Object.fromEntries((d.courses as { id: string; engagement: Row }[]).map((c) => [c.id, pick(c.engagement, COURSE_FIELDS)])),
    raw: (db) => [
      sql`SELECT course_id, ${COURSE_COLUMNS} FROM ${db.table('events')}
          WHERE course_id IN ${courseIds()} AND ${LEARNING} AND ${period()} GROUP BY course_id`,
    ],
    fromRaw: ([rows]) => {
      const byCourse = new Map(rows.map((r) => [String(r.course_id), r]));
      return Object.fromEntries(courseIds().map((id) => [id, courseFromRaw(byCourse.get(id))]));
    },
  },
  {
    name: 'companyLearningSummary',
    query: `query($c: ID!, $p: PeriodInput!) { companyLearningSummary(companyId: $c, period: $p) { activeLearners coursesCompleted learningTimeSeconds certificatesIssued } }`,
    variables: { c: BENCH_COMPANY, p: P },
    fromApi: (d) => d.companyLearningSummary,
    raw: (db) => [
      sql`SELECT uniqExactIf(user_id, user_id != '' AND ${LEARNING}) AS active_learners, countIf(type = 'course.completed') AS courses_completed,
                 sumIf(toUInt64(duration_seconds), ${LEARNING}) AS learning_time, countIf(type = 'certificate.issued') AS certificates
          FROM ${db.table('events')} WHERE company_id = ${BENCH_COMPANY} AND ${period()}`,
    ],
    fromRaw: ([[r]]) => ({
      activeLearners: num(r.active_learners),
      coursesCompleted: num(r.courses_completed),
      learningTimeSeconds: num(r.learning_time),
      certificatesIssued: num(r.certificates),
    }),
  },
  {
    name: 'campaignPerformance',
    query: `query($p: PeriodInput!) { campaignPerformance(period: $p, limit: 1000) { utmSource utmMedium utmCampaign sessions users signups enrollments } }`,
    variables: { p: P },
    fromApi: (d) =>
      Object.fromEntries(
        (d.campaignPerformance as Row[]).map((r) => [
          `${r.utmSource}|${r.utmMedium}|${r.utmCampaign}`,
          { sessions: r.sessions, users: r.users, signups: r.signups, enrollments: r.enrollments },
        ]),
      ),
    raw: (db) => [
      sql`SELECT toString(utm_source) AS s, toString(utm_medium) AS m, toString(utm_campaign) AS c,
                 uniqExactIf(session_id, session_id != '') AS sessions, uniqExactIf(user_id, user_id != '') AS users,
                 countIf(type = 'user.registered') AS signups, countIf(type = 'course.enrolled') AS enrollments
          FROM ${db.table('events')} WHERE utm_source != '' AND ${period()} GROUP BY s, m, c`,
    ],
    fromRaw: ([rows]) =>
      Object.fromEntries(
        rows.map((r) => [`${r.s}|${r.m}|${r.c}`, { sessions: num(r.sessions), users: num(r.users), signups: num(r.signups), enrollments: num(r.enrollments) }]),
      ),
  },
  {
    name: 'eventCounts (per day and type)',
    query: `query($p: PeriodInput!) { eventCounts(period: $p, granularity: DAY) { bucket eventType count } }`,
    variables: { p: P },
    fromApi: (d) => Object.fromEntries((d.eventCounts as Row[]).map((r) => [`${r.bucket}|${r.eventType}`, r.count])),
    raw: (db) => [
      sql`SELECT toString(toDate(timestamp)) AS day, toString(type) AS t, count() AS n FROM ${db.table('events')} WHERE ${period()} GROUP BY day, t`,
    ],
    fromRaw: ([rows]) => Object.fromEntries(rows.map((r) => [`${r.day}|${r.t}`, num(r.n)])),
  },
  {
    name: 'topContent (10 courses)',
    query: `query($p: PeriodInput!) { topContent(kind: COURSE, period: $p, limit: 10) { id views uniqueViewers completions averageTimeSeconds averageScore } }`,
    variables: { p: P },
    fromApi: (d) => d.topContent,
    raw: (db) => [
      sql`SELECT course_id AS id, countIf(type IN ('course.viewed', 'lesson.started')) AS views,
                 uniqExactIf(if(user_id != '', user_id, anonymous_id), type IN ('course.viewed', 'lesson.started') AND (user_id != '' OR anonymous_id != '')) AS viewers,
                 countIf(type IN ('course.completed', 'lesson.completed')) AS completions, sum(toUInt64(duration_seconds)) AS time_seconds,
                 avgIf(assumeNotNull(score), score IS NOT NULL) AS score
          FROM ${db.table('events')}
          WHERE course_id != '' AND (startsWith(type, 'course.') OR startsWith(type, 'lesson.') OR startsWith(type, 'module.')) AND ${period()}
          GROUP BY id HAVING views > 0 ORDER BY views DESC, id LIMIT 10`,
    ],
    fromRaw: ([rows]) =>
      rows.map((r) => ({
        id: r.id,
        views: num(r.views),
        uniqueViewers: num(r.viewers),
        completions: num(r.completions),
        averageTimeSeconds: ratio(num(r.time_seconds), num(r.viewers)),
        averageScore: mean(r.score),
      })),
  },
  {
    name: 'revenue (totals, subscriptions)',
    query: `query($p: PeriodInput!) { revenue(period: $p) { totals { currency amount payments failedPayments } subscriptionsActivated subscriptionsCancelled } }`,
    variables: { p: P },
    fromApi: (d) => d.revenue,
    raw: (db) => [
      sql`SELECT toString(currency) AS currency, toString(sumIf(assumeNotNull(amount), type = 'payment.succeeded' AND amount IS NOT NULL)) AS amount,
                 countIf(type = 'payment.succeeded') AS payments, countIf(type = 'payment.failed') AS failed
          FROM ${db.table('events')} WHERE type IN ('payment.succeeded', 'payment.failed') AND currency != '' AND ${period()}
          GROUP BY currency ORDER BY currency`,
      sql`SELECT countIf(type = 'subscription.activated') AS activated, countIf(type = 'subscription.cancelled') AS cancelled
          FROM ${db.table('events')} WHERE type IN ('subscription.activated', 'subscription.cancelled') AND ${period()}`,
    ],
    fromRaw: ([totals, [subs]]) => ({
      totals: totals.map((r) => ({ currency: r.currency, amount: r.amount, payments: num(r.payments), failedPayments: num(r.failed) })),
      subscriptionsActivated: num(subs.activated),
      subscriptionsCancelled: num(subs.cancelled),
    }),
  },
];

/** Differences between two answers (paths and values); floats equal within 1e-9 relative (an exact mean merged from hourly states may differ in the last bits). */
export function differences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 5) return out;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) out.push(`${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ${a.length} vs ${b.length} items`);
    else a.forEach((x, i) => differences(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) differences(ao[k], bo[k], path ? `${path}.${k}` : k, out);
  } else if (a !== b && !(a == null && b == null)) {
    out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return out;
}
