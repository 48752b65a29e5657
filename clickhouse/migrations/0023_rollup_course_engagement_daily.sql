-- Why: the course dashboard (50 courses x 30 days) and courseEngagement for UTC days from daily
-- states instead of merging up to 24 hourly states per course, company and day. Measured
-- (notes/issue-11-engine.md): 6.7-8.5x faster than raw at 2M events vs 2.8x from the hourly
-- table; at 5M it was level with hourly (4.6x vs 4.7x), so BENCHMARKS.md re-measures it at
-- 10M. Same columns and view as 0005_rollup_course_engagement.sql at a daily grain; the hourly
-- table stays for HOUR granularity and for days in other whole-hour zones.
--
-- Every figure stays exact: active_learners is uniqExact (a daily state holds each learner of
-- the day once, so it is small; uniqCombined states were only ~10-40% faster and 0.136% off at
-- 5M, on the figure partners compare most). Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_course_engagement_daily
(
    course_id String,
    day Date,
    company_id String,
    enrollments AggregateFunction(count),
    completions AggregateFunction(count),
    active_learners AggregateFunction(uniqExact, String),
    learning_time_seconds AggregateFunction(sum, UInt64),
    quiz_score AggregateFunction(avg, Float64),
    quizzes AggregateFunction(count),
    quizzes_passed AggregateFunction(count),
    lesson_completions AggregateFunction(count)
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
    countStateIf(type = 'course.enrolled') AS enrollments,
    countStateIf(type = 'course.completed') AS completions,
    uniqExactStateIf(user_id, user_id != '') AS active_learners,
    sumState(toUInt64(duration_seconds)) AS learning_time_seconds,
    avgStateIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL) AS quiz_score,
    countStateIf(type = 'quiz.completed') AS quizzes,
    countStateIf(type = 'quiz.completed' AND passed = true) AS quizzes_passed,
    countStateIf(type = 'lesson.completed') AS lesson_completions
FROM ${db}.events
WHERE course_id != ''
  AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
       OR type IN ('quiz.completed', 'practice_session.completed'))
GROUP BY course_id, day, company_id;

-- History: merged from the hourly states (exact, and it keeps days older than a raw retention).
-- Migrations run before the API serves, so no insert reaches both the view and this copy (the
-- count states would count it twice).
INSERT INTO ${db}.rollup_course_engagement_daily
SELECT
    course_id,
    toDate(hour) AS day,
    company_id,
    countMergeState(enrollments) AS enrollments,
    countMergeState(completions) AS completions,
    uniqExactMergeState(active_learners) AS active_learners,
    sumMergeState(learning_time_seconds) AS learning_time_seconds,
    avgMergeState(quiz_score) AS quiz_score,
    countMergeState(quizzes) AS quizzes,
    countMergeState(quizzes_passed) AS quizzes_passed,
    countMergeState(lesson_completions) AS lesson_completions
FROM ${db}.rollup_course_engagement
GROUP BY course_id, day, company_id;
