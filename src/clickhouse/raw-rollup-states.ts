import type { ClickHouse } from './client';
import type { UtcRange } from './rollup-source';
import { sql, type SqlFragment } from './sql';

/**
 * The rollups' states recomputed from raw events, per quarter hour, for periods no rollup tier
 * cuts exactly (local midnights or hours inside a UTC hour: India, Nepal, Adelaide...). Each is
 * its migration's materialized view (0004-0009) with `toStartOfFifteenMinutes(timestamp) AS
 * hour` and the range applied to `timestamp`, so the repositories' SQL reads it as it reads the
 * hourly table and the answer is the same, exactly (every offset is whole quarter hours:
 * domain/period.ts). Restated here on purpose, as in rollup-verification: keep both in step
 * with the views. Slower than a rollup (a scan of the period's events); the deadline bounds it.
 */
const LEARNING = sql`(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))`;
const QUARTER = sql`toStartOfFifteenMinutes(timestamp) AS hour`;
const inRange = (range: UtcRange) => sql`timestamp >= ${range.fromUtc} AND timestamp < ${range.toUtc}`;

/** 0004_rollup_event_counts.sql */
export const rawEventCounts = (db: ClickHouse, range: UtcRange): SqlFragment => sql`
  SELECT ${QUARTER}, type, company_id, countState() AS events, uniqExactStateIf(user_id, user_id != '') AS users
  FROM ${db.table('events')} WHERE ${inRange(range)}
  GROUP BY hour, type, company_id`;

/** 0005_rollup_course_engagement.sql */
export const rawCourseEngagement = (db: ClickHouse, range: UtcRange): SqlFragment => sql`
  SELECT course_id, ${QUARTER}, company_id,
         countStateIf(type = 'course.enrolled') AS enrollments, countStateIf(type = 'course.completed') AS completions,
         uniqExactStateIf(user_id, user_id != '') AS active_learners, sumState(toUInt64(duration_seconds)) AS learning_time_seconds,
         avgStateIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL) AS quiz_score,
         countStateIf(type = 'quiz.completed') AS quizzes, countStateIf(type = 'quiz.completed' AND passed = true) AS quizzes_passed,
         countStateIf(type = 'lesson.completed') AS lesson_completions
  FROM ${db.table('events')} WHERE ${inRange(range)} AND course_id != '' AND ${LEARNING}
  GROUP BY course_id, hour, company_id`;

/** 0006_rollup_company_learning.sql */
export const rawCompanyLearning = (db: ClickHouse, range: UtcRange): SqlFragment => sql`
  SELECT company_id, ${QUARTER},
         uniqExactStateIf(user_id, user_id != '' AND ${LEARNING}) AS active_learners,
         countStateIf(type = 'course.completed') AS courses_completed,
         sumStateIf(toUInt64(duration_seconds), ${LEARNING}) AS learning_time_seconds,
         countStateIf(type = 'certificate.issued') AS certificates_issued
  FROM ${db.table('events')} WHERE ${inRange(range)} AND company_id != ''
  GROUP BY company_id, hour`;

/** 0007_rollup_content.sql */
export const rawContent = (db: ClickHouse, range: UtcRange): SqlFragment => sql`
  SELECT content.1 AS kind, content.2 AS content_id, ${QUARTER}, company_id,
         countStateIf(type IN ('course.viewed', 'lesson.started', 'page.viewed')) AS views,
         uniqExactStateIf(if(user_id != '', user_id, anonymous_id),
             type IN ('course.viewed', 'lesson.started', 'page.viewed') AND (user_id != '' OR anonymous_id != '')) AS viewers,
         countStateIf(type IN ('course.completed', 'lesson.completed')) AS completions,
         sumState(toUInt64(duration_seconds)) AS time_seconds,
         avgStateIf(assumeNotNull(score), score IS NOT NULL) AS score
  FROM ${db.table('events')}
  ARRAY JOIN arrayFilter(c -> c.2 != '', [
      ('course', if(startsWith(type, 'course.') OR startsWith(type, 'lesson.') OR startsWith(type, 'module.'), course_id, '')),
      ('lesson', if(startsWith(type, 'lesson.'), lesson_id, '')),
      ('page', if(type = 'page.viewed', page, ''))
  ]) AS content
  WHERE ${inRange(range)}
  GROUP BY kind, content_id, hour, company_id`;

/** 0008_rollup_acquisition.sql */
export const rawAcquisition = (db: ClickHouse, range: UtcRange): SqlFragment => sql`
  SELECT ${QUARTER}, company_id, utm_source, utm_medium, utm_campaign,
         uniqExactStateIf(session_id, session_id != '') AS sessions, uniqExactStateIf(user_id, user_id != '') AS users,
         countStateIf(type = 'user.registered') AS signups, countStateIf(type = 'course.enrolled') AS enrollments
  FROM ${db.table('events')} WHERE ${inRange(range)} AND utm_source != ''
  GROUP BY hour, company_id, utm_source, utm_medium, utm_campaign`;

/** 0009_rollup_revenue.sql */
export const rawRevenue = (db: ClickHouse, range: UtcRange): SqlFragment => sql`
  SELECT ${QUARTER}, company_id, currency,
         sumStateIf(assumeNotNull(amount), type = 'payment.succeeded' AND amount IS NOT NULL) AS amount,
         countStateIf(type = 'payment.succeeded') AS payments_succeeded, countStateIf(type = 'payment.failed') AS payments_failed,
         countStateIf(type = 'subscription.activated') AS subscriptions_activated, countStateIf(type = 'subscription.cancelled') AS subscriptions_cancelled
  FROM ${db.table('events')}
  WHERE ${inRange(range)} AND type IN ('payment.succeeded', 'payment.failed', 'subscription.activated', 'subscription.cancelled')
  GROUP BY hour, company_id, currency`;
