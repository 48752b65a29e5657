import type { ClickHouse } from '../client';
import { sql, type SqlFragment } from '../sql';
import type { TableName } from '../tables';

/** One rollup group (a day, hour or quarter hour and its keys) with its measures. */
export interface RollupRow {
  key: string;
  [measure: string]: string | number;
}

interface Definition {
  rollup: TableName;
  /** Reads the rollup's merged states per group. */
  fromRollup(db: ClickHouse, from: Date, to: Date): SqlFragment;
  /** Recomputes the same groups from raw events, independently of the materialized view. */
  fromRaw(db: ClickHouse, from: Date, to: Date): SqlFragment;
}

// The learning-event predicate, spelled out as in the migrations (design.md, "Active learner").
const LEARNING = sql`(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))`;

/**
 * The hourly and daily tier of a rollup hold the same states per bucket; only the bucket and the
 * range differ. Daily tiers cover the UTC days inside [from, to) on both sides.
 */
interface Grain {
  /** The rollup's bucket column. */
  column: SqlFragment;
  rollupRange(from: Date, to: Date): SqlFragment;
  /** The same bucket computed from an event's timestamp. */
  rawBucket: SqlFragment;
  rawRange(from: Date, to: Date): SqlFragment;
}

const HOURLY: Grain = {
  column: sql`hour`,
  rollupRange: (from, to) => sql`hour >= ${from} AND hour < ${to}`,
  rawBucket: sql`toStartOfHour(timestamp)`,
  rawRange: (from, to) => sql`timestamp >= ${from} AND timestamp < ${to}`,
};

const DAILY: Grain = {
  column: sql`day`,
  rollupRange: (from, to) => sql`day >= toDate(${from}) AND day < toDate(${to})`,
  rawBucket: sql`toDate(timestamp)`,
  rawRange: (from, to) => sql`toDate(timestamp) >= toDate(${from}) AND toDate(timestamp) < toDate(${to})`,
};

function courseEngagement(rollup: TableName, g: Grain): Definition {
  return {
    rollup,
    fromRollup: (db, from, to) => sql`
      SELECT concat(course_id, '|', toString(${g.column}), '|', company_id) AS key,
             countMerge(enrollments) AS enrollments, countMerge(completions) AS completions,
             uniqExactMerge(active_learners) AS active_learners, sumMerge(learning_time_seconds) AS learning_time_seconds,
             round(avgMerge(quiz_score), 6) AS quiz_score, countMerge(quizzes) AS quizzes, countMerge(quizzes_passed) AS quizzes_passed,
             countMerge(lesson_completions) AS lesson_completions
      FROM ${db.table(rollup)} WHERE ${g.rollupRange(from, to)}
      GROUP BY course_id, ${g.column}, company_id`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(course_id, '|', toString(${g.rawBucket}), '|', company_id) AS key,
             countIf(type = 'course.enrolled') AS enrollments, countIf(type = 'course.completed') AS completions,
             uniqExactIf(user_id, user_id != '') AS active_learners, sum(toUInt64(duration_seconds)) AS learning_time_seconds,
             round(avgIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL), 6) AS quiz_score,
             countIf(type = 'quiz.completed') AS quizzes, countIf(type = 'quiz.completed' AND passed = true) AS quizzes_passed,
             countIf(type = 'lesson.completed') AS lesson_completions
      FROM ${db.table('events')} WHERE ${g.rawRange(from, to)} AND course_id != '' AND ${LEARNING}
      GROUP BY course_id, ${g.rawBucket}, company_id`,
  };
}

function companyLearning(rollup: TableName, g: Grain): Definition {
  return {
    rollup,
    fromRollup: (db, from, to) => sql`
      SELECT concat(company_id, '|', toString(${g.column})) AS key, uniqExactMerge(active_learners) AS active_learners,
             countMerge(courses_completed) AS courses_completed, sumMerge(learning_time_seconds) AS learning_time_seconds,
             countMerge(certificates_issued) AS certificates_issued
      FROM ${db.table(rollup)} WHERE ${g.rollupRange(from, to)}
      GROUP BY company_id, ${g.column}`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(company_id, '|', toString(${g.rawBucket})) AS key,
             uniqExactIf(user_id, user_id != '' AND ${LEARNING}) AS active_learners,
             countIf(type = 'course.completed') AS courses_completed,
             sumIf(toUInt64(duration_seconds), ${LEARNING}) AS learning_time_seconds,
             countIf(type = 'certificate.issued') AS certificates_issued
      FROM ${db.table('events')} WHERE ${g.rawRange(from, to)} AND company_id != ''
      GROUP BY company_id, ${g.rawBucket}`,
  };
}

function content(rollup: TableName, g: Grain): Definition {
  return {
    rollup,
    fromRollup: (db, from, to) => sql`
      SELECT concat(kind, '|', content_id, '|', toString(${g.column}), '|', company_id) AS key,
             countMerge(views) AS views, uniqExactMerge(viewers) AS viewers, countMerge(completions) AS completions,
             sumMerge(time_seconds) AS time_seconds, round(avgMerge(score), 6) AS score
      FROM ${db.table(rollup)} WHERE ${g.rollupRange(from, to)}
      GROUP BY kind, content_id, ${g.column}, company_id`,
    // Each event counted once per piece of content it belongs to, as in 0007_rollup_content.sql,
    // but written as a UNION of the three kinds instead of an ARRAY JOIN.
    fromRaw: (db, from, to) => sql`
      SELECT concat(kind, '|', content_id, '|', toString(${g.rawBucket}), '|', company_id) AS key,
             countIf(type IN ('course.viewed', 'lesson.started', 'page.viewed')) AS views,
             uniqExactIf(if(user_id != '', user_id, anonymous_id), type IN ('course.viewed', 'lesson.started', 'page.viewed') AND (user_id != '' OR anonymous_id != '')) AS viewers,
             countIf(type IN ('course.completed', 'lesson.completed')) AS completions,
             sum(toUInt64(duration_seconds)) AS time_seconds,
             round(avgIf(assumeNotNull(score), score IS NOT NULL), 6) AS score
      FROM (
        SELECT 'course' AS kind, course_id AS content_id, * FROM ${db.table('events')}
          WHERE course_id != '' AND (startsWith(type, 'course.') OR startsWith(type, 'lesson.') OR startsWith(type, 'module.'))
        UNION ALL
        SELECT 'lesson' AS kind, lesson_id AS content_id, * FROM ${db.table('events')} WHERE lesson_id != '' AND startsWith(type, 'lesson.')
        UNION ALL
        SELECT 'page' AS kind, page AS content_id, * FROM ${db.table('events')} WHERE page != '' AND type = 'page.viewed'
      )
      WHERE ${g.rawRange(from, to)}
      GROUP BY kind, content_id, ${g.rawBucket}, company_id`,
  };
}

function acquisition(rollup: TableName, g: Grain): Definition {
  return {
    rollup,
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(${g.column}), '|', company_id, '|', utm_source, '|', utm_medium, '|', utm_campaign) AS key,
             uniqExactMerge(sessions) AS sessions, uniqExactMerge(users) AS users, countMerge(signups) AS signups, countMerge(enrollments) AS enrollments
      FROM ${db.table(rollup)} WHERE ${g.rollupRange(from, to)}
      GROUP BY ${g.column}, company_id, utm_source, utm_medium, utm_campaign`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(${g.rawBucket}), '|', company_id, '|', utm_source, '|', utm_medium, '|', utm_campaign) AS key,
             uniqExactIf(session_id, session_id != '') AS sessions, uniqExactIf(user_id, user_id != '') AS users,
             countIf(type = 'user.registered') AS signups, countIf(type = 'course.enrolled') AS enrollments
      FROM ${db.table('events')} WHERE ${g.rawRange(from, to)} AND utm_source != ''
      GROUP BY ${g.rawBucket}, company_id, utm_source, utm_medium, utm_campaign`,
  };
}

/**
 * How every rollup is recomputed from raw events. These SQL pairs restate each materialized
 * view's definition on purpose: `verify-rollups` exists to catch a view, a dedup setting or a
 * retried insert that made a rollup drift from the events it was built from.
 */
const DEFINITIONS: Definition[] = [
  {
    // Daily rollups cover the UTC days inside [from, to) on both sides (verify-rollups passes whole UTC days).
    rollup: 'rollup_active_users_daily',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(day), '|', company_id, '|', platform) AS key,
             uniqExactMerge(users) AS users, uniqExactMerge(learners) AS learners
      FROM ${db.table('rollup_active_users_daily')} WHERE day >= toDate(${from}) AND day < toDate(${to})
      GROUP BY day, company_id, platform`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toDate(timestamp)), '|', company_id, '|', platform) AS key,
             uniqExact(user_id) AS users, uniqExactIf(user_id, ${LEARNING}) AS learners
      FROM ${db.table('events')} WHERE toDate(timestamp) >= toDate(${from}) AND toDate(timestamp) < toDate(${to}) AND user_id != ''
      GROUP BY toDate(timestamp), company_id, platform`,
  },
  {
    rollup: 'rollup_active_users_15m',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(quarter), '|', company_id, '|', platform) AS key,
             uniqExactMerge(users) AS users, uniqExactMerge(learners) AS learners
      FROM ${db.table('rollup_active_users_15m')} WHERE quarter >= ${from} AND quarter < ${to}
      GROUP BY quarter, company_id, platform`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toStartOfFifteenMinutes(timestamp)), '|', company_id, '|', platform) AS key,
             uniqExact(user_id) AS users, uniqExactIf(user_id, ${LEARNING}) AS learners
      FROM ${db.table('events')} WHERE timestamp >= ${from} AND timestamp < ${to} AND user_id != ''
      GROUP BY toStartOfFifteenMinutes(timestamp), company_id, platform`,
  },
  {
    rollup: 'rollup_event_counts',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(hour), '|', type, '|', company_id) AS key, countMerge(events) AS events, uniqExactMerge(users) AS users
      FROM ${db.table('rollup_event_counts')} WHERE hour >= ${from} AND hour < ${to}
      GROUP BY hour, type, company_id`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toStartOfHour(timestamp)), '|', type, '|', company_id) AS key, count() AS events, uniqExactIf(user_id, user_id != '') AS users
      FROM ${db.table('events')} WHERE timestamp >= ${from} AND timestamp < ${to}
      GROUP BY toStartOfHour(timestamp), type, company_id`,
  },
  courseEngagement('rollup_course_engagement', HOURLY),
  courseEngagement('rollup_course_engagement_daily', DAILY),
  companyLearning('rollup_company_learning', HOURLY),
  companyLearning('rollup_company_learning_daily', DAILY),
  content('rollup_content', HOURLY),
  content('rollup_content_daily', DAILY),
  acquisition('rollup_acquisition', HOURLY),
  acquisition('rollup_acquisition_daily', DAILY),
  {
    rollup: 'rollup_revenue',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(hour), '|', company_id, '|', currency) AS key, toString(sumMerge(amount)) AS amount,
             countMerge(payments_succeeded) AS payments_succeeded, countMerge(payments_failed) AS payments_failed,
             countMerge(subscriptions_activated) AS subscriptions_activated, countMerge(subscriptions_cancelled) AS subscriptions_cancelled
      FROM ${db.table('rollup_revenue')} WHERE hour >= ${from} AND hour < ${to}
      GROUP BY hour, company_id, currency`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toStartOfHour(timestamp)), '|', company_id, '|', currency) AS key,
             toString(sumIf(assumeNotNull(amount), type = 'payment.succeeded' AND amount IS NOT NULL)) AS amount,
             countIf(type = 'payment.succeeded') AS payments_succeeded, countIf(type = 'payment.failed') AS payments_failed,
             countIf(type = 'subscription.activated') AS subscriptions_activated, countIf(type = 'subscription.cancelled') AS subscriptions_cancelled
      FROM ${db.table('events')} WHERE timestamp >= ${from} AND timestamp < ${to}
        AND type IN ('payment.succeeded', 'payment.failed', 'subscription.activated', 'subscription.cancelled')
      GROUP BY toStartOfHour(timestamp), company_id, currency`,
  },
  {
    // 0041: per-learner hourly rows of each course (lesson_id '' for the course-level events).
    rollup: 'rollup_learner_course',
    fromRollup: (db, from, to) => sql`
      SELECT concat(course_id, '|', toString(hour), '|', company_id, '|', user_id, '|', lesson_id) AS key,
             sum(events) AS events, sum(lesson_events) AS lesson_events, sum(lesson_completions) AS lesson_completions,
             sum(lesson_seconds) AS lesson_seconds, sum(enrollments) AS enrollments, sum(course_completions) AS course_completions,
             round(sum(quiz_score_sum), 6) AS quiz_score_sum, sum(quizzes_scored) AS quizzes_scored, toString(max(last_at)) AS last_at
      FROM ${db.table('rollup_learner_course')} WHERE hour >= ${from} AND hour < ${to}
      GROUP BY course_id, hour, company_id, user_id, lesson_id`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(course_id, '|', toString(toStartOfHour(timestamp)), '|', company_id, '|', user_id, '|', lesson) AS key,
             count() AS events, countIf(lesson != '') AS lesson_events, countIf(type = 'lesson.completed' AND lesson != '') AS lesson_completions,
             sumIf(toUInt64(duration_seconds), lesson != '') AS lesson_seconds, countIf(type = 'course.enrolled') AS enrollments,
             countIf(type = 'course.completed') AS course_completions,
             round(sumIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL), 6) AS quiz_score_sum,
             countIf(type = 'quiz.completed' AND score IS NOT NULL) AS quizzes_scored, toString(max(timestamp)) AS last_at
      FROM (SELECT course_id, timestamp, company_id, user_id, type, duration_seconds, score, if(startsWith(type, 'lesson.'), lesson_id, '') AS lesson FROM ${db.table('events')}
            WHERE timestamp >= ${from} AND timestamp < ${to} AND course_id != '' AND user_id != '' AND ${LEARNING})
      GROUP BY course_id, toStartOfHour(timestamp), company_id, user_id, lesson`,
  },
  {
    // 0090: one row per (course, company, learner) over all time: no bucket, so both sides read every
    // event whatever [from, to) is.
    rollup: 'rollup_learner_course_total',
    fromRollup: (db) => sql`
      SELECT concat(course_id, '|', company_id, '|', user_id) AS key,
             sum(enrollments) AS enrollments, toString(min(first_enrolled_hour)) AS first_enrolled_hour,
             toString(max(last_enrolled_hour)) AS last_enrolled_hour, sum(lesson_events) AS lesson_events,
             sum(lesson_completions) AS lesson_completions, sum(course_completions) AS course_completions
      FROM ${db.table('rollup_learner_course_total')}
      GROUP BY course_id, company_id, user_id`,
    fromRaw: (db) => sql`
      SELECT concat(course_id, '|', company_id, '|', user_id) AS key,
             countIf(type = 'course.enrolled') AS enrollments,
             toString(if(enrollments > 0, toDateTime(toStartOfHour(minIf(timestamp, type = 'course.enrolled')), 'UTC'), toDateTime(4294967295, 'UTC'))) AS first_enrolled_hour,
             toString(if(enrollments > 0, toDateTime(toStartOfHour(maxIf(timestamp, type = 'course.enrolled')), 'UTC'), toDateTime(0, 'UTC'))) AS last_enrolled_hour,
             countIf(startsWith(type, 'lesson.') AND lesson_id != '') AS lesson_events,
             countIf(type = 'lesson.completed' AND lesson_id != '') AS lesson_completions,
             countIf(type = 'course.completed') AS course_completions
      FROM ${db.table('events')}
      WHERE course_id != '' AND user_id != '' AND ${LEARNING}
      GROUP BY course_id, company_id, user_id`,
  },
  {
    // 0091: sessions and users per UTC day, type, company, page root and clicked element.
    rollup: 'rollup_step_sessions_daily',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(day), '|', type, '|', company_id, '|', page_root, '|', element) AS key,
             uniqExactMerge(sessions) AS sessions, uniqExactMerge(users) AS users
      FROM ${db.table('rollup_step_sessions_daily')} WHERE ${DAILY.rollupRange(from, to)}
      GROUP BY day, type, company_id, page_root, element`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toDate(timestamp)), '|', type, '|', company_id, '|', root, '|', el) AS key,
             uniqExactIf(session_id, session_id != '') AS sessions, uniqExactIf(user_id, user_id != '') AS users
      FROM (SELECT timestamp, type, company_id, session_id, user_id,
                   if(startsWith(page, '/'), substring(page, 1, position(concat(substring(page, 2), '/'), '/') ), '') AS p1,
                   arrayElement(splitByRegexp('[?#]', p1), 1) AS root,
                   if(type = 'ui.clicked', toString(getSubcolumn(properties, 'element')), '') AS el
            FROM ${db.table('events')} WHERE ${DAILY.rawRange(from, to)})
      GROUP BY toDate(timestamp), type, company_id, root, el`,
  },
  {
    // 0092: one row per UTC day, course, lesson, company and viewer of video.progressed.
    rollup: 'rollup_video_viewers_daily',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(day), '|', course_id, '|', lesson_id, '|', company_id, '|', user_id) AS key,
             toString(max(furthest)) AS furthest, uniqExactMerge(plays) AS plays
      FROM ${db.table('rollup_video_viewers_daily')} WHERE ${DAILY.rollupRange(from, to)}
      GROUP BY day, course_id, lesson_id, company_id, user_id`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toDate(timestamp)), '|', course_id, '|', lesson_id, '|', company_id, '|', user_id) AS key,
             toString(max(point)) AS furthest, uniqExact(play) AS plays
      FROM (SELECT timestamp, course_id, lesson_id, company_id, user_id,
                   if(session_id = '', toString(toDate(timestamp)), session_id) AS play,
                   multiIf(percent IS NOT NULL, percent / 100, length IS NOT NULL AND length != 0, position / length, NULL) AS raw_point,
                   if(raw_point IS NULL, NULL, least(1, greatest(0, raw_point))) AS point
            FROM (SELECT *, toFloat64OrNull(toString(properties.percent)) AS percent,
                         toFloat64OrNull(toString(properties.position_seconds)) AS position,
                         toFloat64OrNull(toString(properties.length_seconds)) AS length
                  FROM ${db.table('events')}
                  WHERE ${DAILY.rawRange(from, to)} AND type = 'video.progressed' AND user_id != '' AND lesson_id != ''))
      GROUP BY toDate(timestamp), course_id, lesson_id, company_id, user_id`,
  },
  {
    // 0093: answers per UTC day, quiz, course, company, question, answer and correctness.
    rollup: 'rollup_quiz_answers_daily',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(day), '|', quiz_id, '|', course_id, '|', company_id, '|', question_id, '|', answer, '|', toString(correct)) AS key,
             sum(answers) AS answers, uniqExactMerge(users) AS users
      FROM ${db.table('rollup_quiz_answers_daily')} WHERE ${DAILY.rollupRange(from, to)}
      GROUP BY day, quiz_id, course_id, company_id, question_id, answer, correct`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(d), '|', quiz_id, '|', course_id, '|', company_id, '|', q, '|', ans, '|', if(ok, 'true', 'false')) AS key,
             count() AS answers, uniqExact(user_id) AS users
      FROM (SELECT toDate(timestamp) AS d, quiz_id, course_id, company_id, user_id, toString(a.question_id) AS q,
                   if(dynamicType(a.answer) = 'String', toString(a.answer), if(dynamicType(a.answer) = 'None', '', toJSONString(a.answer))) AS ans,
                   toString(a.correct) = 'true' AS ok
            FROM ${db.table('events')} ARRAY JOIN properties.answers[] AS a
            WHERE ${DAILY.rawRange(from, to)} AND type = 'quiz.completed' AND user_id != '' AND quiz_id != '')
      GROUP BY d, quiz_id, course_id, company_id, q, ans, ok`,
  },
  {
    // 0094: practice sessions per UTC day, company, learner, scenario and duration band.
    rollup: 'rollup_practice_daily',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(day), '|', company_id, '|', user_id, '|', scenario_id, '|', toString(band)) AS key,
             sum(sessions) AS sessions, sum(scored) AS scored, round(sum(score_sum), 6) AS score_sum, sum(duration_sum) AS duration_sum,
             if(scored = 0, '', toString(argMinIfMerge(first_score))) AS first_score, if(scored = 0, '', toString(argMaxIfMerge(last_score))) AS last_score
      FROM ${db.table('rollup_practice_daily')} WHERE ${DAILY.rollupRange(from, to)}
      GROUP BY day, company_id, user_id, scenario_id, band`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(d), '|', company_id, '|', user_id, '|', scenario, '|', toString(b)) AS key,
             count() AS sessions, count(score) AS scored, round(sumIf(assumeNotNull(score), score IS NOT NULL), 6) AS score_sum,
             sum(toUInt64(duration_seconds)) AS duration_sum,
             if(scored = 0, '', toString(argMinIf(score, (timestamp, event_id), score IS NOT NULL))) AS first_score,
             if(scored = 0, '', toString(argMaxIf(score, (timestamp, event_id), score IS NOT NULL))) AS last_score
      FROM (SELECT *, toDate(timestamp) AS d, if(dynamicType(properties.scenario_id) = 'String', toString(properties.scenario_id), '') AS scenario,
                   indexOf(arrayMap(e -> e <= duration_seconds, [0, 300, 600, 900, 1200, 1800, 2700, 3600, 4294967296]), 0) - 1 AS b
            FROM ${db.table('events')}
            WHERE ${DAILY.rawRange(from, to)} AND type = 'practice_session.completed' AND user_id != '')
      GROUP BY d, company_id, user_id, scenario, b`,
  },
  {
    // 0095: events of each kind per UTC day, company, course and learner (partner figure groups).
    rollup: 'rollup_learner_figures_daily',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(day), '|', company_id, '|', course_id, '|', user_id) AS key, sum(learning) AS learning, sum(enrollments) AS enrollments,
             sum(completions) AS completions, sum(quizzes) AS quizzes, sum(lesson_completions) AS lesson_completions, sum(certificates) AS certificates
      FROM ${db.table('rollup_learner_figures_daily')} WHERE ${DAILY.rollupRange(from, to)}
      GROUP BY day, company_id, course_id, user_id`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toDate(timestamp)), '|', company_id, '|', course_id, '|', user_id) AS key, countIf(${LEARNING}) AS learning,
             countIf(type = 'course.enrolled') AS enrollments, countIf(type = 'course.completed') AS completions, countIf(type = 'quiz.completed') AS quizzes,
             countIf(type = 'lesson.completed') AS lesson_completions, countIf(type = 'certificate.issued') AS certificates
      FROM ${db.table('events')}
      WHERE ${DAILY.rawRange(from, to)} AND user_id != '' AND (${LEARNING} OR type = 'certificate.issued')
      GROUP BY toDate(timestamp), company_id, course_id, user_id`,
  },
  {
    // 0094: criteria scores per UTC day, company, learner and criterion.
    rollup: 'rollup_practice_criteria_daily',
    fromRollup: (db, from, to) => sql`
      SELECT concat(toString(day), '|', company_id, '|', user_id, '|', criterion) AS key, sum(sessions) AS sessions, round(sum(score_sum), 6) AS score_sum
      FROM ${db.table('rollup_practice_criteria_daily')} WHERE ${DAILY.rollupRange(from, to)}
      GROUP BY day, company_id, user_id, criterion`,
    fromRaw: (db, from, to) => sql`
      SELECT concat(toString(toDate(timestamp)), '|', company_id, '|', user_id, '|', kv.1) AS key, count() AS sessions, round(sum(toFloat64(kv.2)), 6) AS score_sum
      FROM ${db.table('events')}
      ARRAY JOIN arrayFilter(x -> isNotNull(toFloat64OrNull(x.2)), JSONExtractKeysAndValuesRaw(toJSONString(properties.^criteria))) AS kv
      WHERE ${DAILY.rawRange(from, to)} AND type = 'practice_session.completed' AND user_id != ''
      GROUP BY toDate(timestamp), company_id, user_id, kv.1`,
  },
];

export interface RollupDifference {
  key: string;
  measure: string;
  rollup: string | number | null;
  raw: string | number | null;
}

export interface RollupReport {
  rollup: TableName;
  groups: number;
  /** Sum of every measure over all groups (for a quick look and for idempotency tests). */
  totals: Record<string, number>;
  differences: RollupDifference[];
}

function index(rows: RollupRow[]): Map<string, RollupRow> {
  return new Map(rows.map((r) => [r.key, r]));
}

function same(a: string | number | undefined, b: string | number | undefined): boolean {
  if (a === b) return true;
  const x = Number(a ?? 0);
  const y = Number(b ?? 0);
  // Averages merged from hourly states may differ in the last bits from a one-pass average.
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}

export class RollupVerificationRepository {
  constructor(private readonly db: ClickHouse) {}

  /** Compares every rollup kept by a view with raw events over [from, to) (whole UTC days; the daily rollups cover only those). */
  async verify(from: Date, to: Date, onProgress: (rollup: TableName) => void = () => {}): Promise<RollupReport[]> {
    const reports: RollupReport[] = [];
    for (const def of DEFINITIONS) {
      onProgress(def.rollup);
      const [rollupRows, rawRows] = await Promise.all([
        this.db.query<RollupRow>(`verify.${def.rollup}.rollup`, def.fromRollup(this.db, from, to)),
        this.db.query<RollupRow>(`verify.${def.rollup}.raw`, def.fromRaw(this.db, from, to)),
      ]);
      const rollup = index(rollupRows);
      const raw = index(rawRows);
      const differences: RollupDifference[] = [];
      const totals: Record<string, number> = {};
      for (const key of new Set([...rollup.keys(), ...raw.keys()])) {
        const a = rollup.get(key);
        const b = raw.get(key);
        const measures = Object.keys(a ?? b ?? {}).filter((m) => m !== 'key');
        for (const m of measures) {
          if (a) totals[m] = (totals[m] ?? 0) + Number(a[m] ?? 0);
          // A group that exists on one side only is a difference unless all its measures are zero
          // (e.g. a course.viewed-only hour has a content row whose completions are 0 on both).
          if (!same(a?.[m], b?.[m])) differences.push({ key, measure: m, rollup: a?.[m] ?? null, raw: b?.[m] ?? null });
        }
      }
      reports.push({ rollup: def.rollup, groups: rollup.size, totals, differences });
    }
    return reports;
  }
}
