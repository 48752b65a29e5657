-- Why: courseProgress and learners (issue 14) need figures PER LEARNER of a course: who started
-- and completed each lesson, each learner's time on a lesson (for the median), each learner's
-- share of lessons completed, last learning activity, enrollment, completion and quiz average.
-- None of that is a merge of the course-level states in rollup_course_engagement, and from raw
-- events every question would read all of a course's learning events. This keeps one row per
-- (course, hour, company, learner, lesson): hourly, like every rollup, so periods cut in any
-- whole-hour timezone; lesson_id is '' for the learning events that are not lesson.* events
-- (enrollments, quizzes, completions, modules, practice), so a learner's course-level figures
-- sit in the same table. Lesson events carry lesson_id (the catalogue's lesson, or any lesson
-- the catalogue does not know: those still count).
--
-- SimpleAggregateFunction(sum / max) columns: sums and maxima merge exactly, so merges of hours
-- and parts never change an answer. quiz_score_sum is a Float64 sum of scores (0 to 100, at most
-- two decimals at ingest), divided by quizzes_scored for an exact mean over all the learner's
-- scored quiz.completed events of the course.
--
-- Ordered by course first (every query names one course or a list of them), then hour (periods),
-- then the learner. Dedup window: see 0003. The INSERT at the end backfills events stored before
-- this migration (migrations run before the server accepts events).
CREATE TABLE IF NOT EXISTS ${db}.rollup_learner_course
(
    course_id String,
    hour DateTime('UTC'),
    company_id String,
    user_id String,
    lesson_id String,
    events SimpleAggregateFunction(sum, UInt64),
    lesson_events SimpleAggregateFunction(sum, UInt64),
    lesson_completions SimpleAggregateFunction(sum, UInt64),
    lesson_seconds SimpleAggregateFunction(sum, UInt64),
    enrollments SimpleAggregateFunction(sum, UInt64),
    course_completions SimpleAggregateFunction(sum, UInt64),
    quiz_score_sum SimpleAggregateFunction(sum, Float64),
    quizzes_scored SimpleAggregateFunction(sum, UInt64),
    last_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (course_id, hour, company_id, user_id, lesson_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_learner_course TO ${db}.rollup_learner_course AS
SELECT
    course_id,
    toStartOfHour(timestamp) AS hour,
    company_id,
    user_id,
    lesson_key AS lesson_id,
    toUInt64(count()) AS events,
    toUInt64(countIf(lesson_key != '')) AS lesson_events,
    toUInt64(countIf(type = 'lesson.completed' AND lesson_key != '')) AS lesson_completions,
    toUInt64(sumIf(duration_seconds, lesson_key != '')) AS lesson_seconds,
    toUInt64(countIf(type = 'course.enrolled')) AS enrollments,
    toUInt64(countIf(type = 'course.completed')) AS course_completions,
    toFloat64(sumIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL)) AS quiz_score_sum,
    toUInt64(countIf(type = 'quiz.completed' AND score IS NOT NULL)) AS quizzes_scored,
    max(timestamp) AS last_at
FROM (
    -- lesson_key, not lesson_id: an alias named like the column would shadow it in the conditions.
    SELECT course_id, timestamp, company_id, user_id, type, duration_seconds, score,
           if(startsWith(type, 'lesson.'), lesson_id, '') AS lesson_key
    FROM ${db}.events
    WHERE course_id != '' AND user_id != ''
      AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
           OR type IN ('quiz.completed', 'practice_session.completed'))
)
GROUP BY course_id, hour, company_id, user_id, lesson_key;

INSERT INTO ${db}.rollup_learner_course
SELECT
    course_id,
    toStartOfHour(timestamp) AS hour,
    company_id,
    user_id,
    lesson_key AS lesson_id,
    toUInt64(count()) AS events,
    toUInt64(countIf(lesson_key != '')) AS lesson_events,
    toUInt64(countIf(type = 'lesson.completed' AND lesson_key != '')) AS lesson_completions,
    toUInt64(sumIf(duration_seconds, lesson_key != '')) AS lesson_seconds,
    toUInt64(countIf(type = 'course.enrolled')) AS enrollments,
    toUInt64(countIf(type = 'course.completed')) AS course_completions,
    toFloat64(sumIf(assumeNotNull(score), type = 'quiz.completed' AND score IS NOT NULL)) AS quiz_score_sum,
    toUInt64(countIf(type = 'quiz.completed' AND score IS NOT NULL)) AS quizzes_scored,
    max(timestamp) AS last_at
FROM (
    -- lesson_key, not lesson_id: an alias named like the column would shadow it in the conditions.
    SELECT course_id, timestamp, company_id, user_id, type, duration_seconds, score,
           if(startsWith(type, 'lesson.'), lesson_id, '') AS lesson_key
    FROM ${db}.events
    WHERE course_id != '' AND user_id != ''
      AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
           OR type IN ('quiz.completed', 'practice_session.completed'))
)
GROUP BY course_id, hour, company_id, user_id, lesson_key;
