-- Why: courseEngagement and the per-course dashboard (many courses in one query) from hourly
-- states. Ordered by course first because every query names its courses.
-- Counts are of events (completion rate = course.completed / course.enrolled in the period,
-- design.md); learning time is duration_seconds summed over learning events; the quiz average
-- uses avgState so hours merge into an exact mean, not a mean of means. Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_course_engagement
(
    course_id String,
    hour DateTime('UTC'),
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
PARTITION BY toYYYYMM(hour)
ORDER BY (course_id, hour, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_course_engagement TO ${db}.rollup_course_engagement AS
SELECT
    course_id,
    toStartOfHour(timestamp) AS hour,
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
GROUP BY course_id, hour, company_id;
