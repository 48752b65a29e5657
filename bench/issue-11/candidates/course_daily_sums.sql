-- Candidate measured for issue 11 and not chosen: the course counts and sums per (course, UTC
-- day, company) as SimpleAggregateFunction(sum) columns, read with course_learner_days.
CREATE TABLE IF NOT EXISTS ${db}.x_course_daily_sums
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

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_x_course_daily_sums TO ${db}.x_course_daily_sums AS
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

