-- Why: the course dashboard (50 courses x 30 days) without merging hourly states. Counts and
-- sums per (course, UTC day, company) in a daily AggregatingMergeTree; active learners as one
-- row per (course, day, company, user), counted with uniqExact(user_id) (exact, and cheaper to
-- read than uniqExact states: no state to deserialize). Same merge caveat as active_user_days:
-- never count() the learner rows.
CREATE TABLE IF NOT EXISTS ${db}.rollup_course_engagement_daily
(
    course_id String,
    day Date,
    company_id String,
    enrollments SimpleAggregateFunction(sum, UInt64),
    completions SimpleAggregateFunction(sum, UInt64),
    learning_time_seconds SimpleAggregateFunction(sum, UInt64),
    quiz_score AggregateFunction(avg, Float64),
    quizzes SimpleAggregateFunction(sum, UInt64),
    quizzes_passed SimpleAggregateFunction(sum, UInt64),
    lesson_completions SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (course_id, day, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_course_engagement_daily TO ${db}.rollup_course_engagement_daily AS
SELECT
    course_id,
    toDate(timestamp) AS day,
    company_id,
    countIf(type = 'course.enrolled') AS enrollments,
    countIf(type = 'course.completed') AS completions,
    sum(toUInt64(duration_seconds)) AS learning_time_seconds,
    avgStateIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL) AS quiz_score,
    countIf(type = 'quiz.completed') AS quizzes,
    countIf(type = 'quiz.completed' AND passed = true) AS quizzes_passed,
    countIf(type = 'lesson.completed') AS lesson_completions
FROM ${db}.events
WHERE course_id != ''
  AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
       OR type IN ('quiz.completed', 'practice_session.completed'))
GROUP BY course_id, day, company_id;

CREATE TABLE IF NOT EXISTS ${db}.course_learner_days
(
    course_id String,
    day Date,
    company_id String,
    user_id String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (course_id, day, company_id, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_course_learner_days TO ${db}.course_learner_days AS
SELECT course_id, toDate(timestamp) AS day, company_id, user_id
FROM ${db}.events
WHERE course_id != '' AND user_id != ''
  AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
       OR type IN ('quiz.completed', 'practice_session.completed'))
GROUP BY course_id, day, company_id, user_id;
