-- Why: a partner's course and company figures are each thresholded on the learners they describe
-- (issue 13: enrollers for enrollments, completers for completions, quiz takers, lesson
-- completers, the certified), and those distinct counts came from raw events: the course
-- universe (every course of the company with its subtotals) read the company's learning events
-- of the period, 65 ms at 10M, in the one heavy slot, twice per partner dashboard with the
-- company figure learners. Under 50 clients those statements were the partners' queue. Here each
-- UTC day keeps, per company, course (also '' for learning without a course) and learner, how
-- many events of each kind the learner had; a learner is in a figure's group when a row of the
-- period has its count above 0, so the same distinct counts come from these rows, exactly.
--
-- `learning` counts the learning events (design.md, "Active learner": course.*, module.*,
-- lesson.*, quiz.completed, practice_session.completed), as the raw universe's WHERE; the other
-- counts are of one type each, whatever lesson_id or score says; certificate.issued (not a
-- learning event) only in `certificates`. Dedup window: see 0003. The INSERT at the end
-- backfills events stored before this migration.
CREATE TABLE IF NOT EXISTS ${db}.rollup_learner_figures_daily
(
    day Date,
    company_id String,
    course_id String,
    user_id String,
    learning SimpleAggregateFunction(sum, UInt64),
    enrollments SimpleAggregateFunction(sum, UInt64),
    completions SimpleAggregateFunction(sum, UInt64),
    quizzes SimpleAggregateFunction(sum, UInt64),
    lesson_completions SimpleAggregateFunction(sum, UInt64),
    certificates SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (company_id, day, course_id, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_learner_figures_daily TO ${db}.rollup_learner_figures_daily AS
SELECT
    toDate(timestamp) AS day,
    company_id,
    course_id,
    user_id,
    toUInt64(countIf(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))) AS learning,
    toUInt64(countIf(type = 'course.enrolled')) AS enrollments,
    toUInt64(countIf(type = 'course.completed')) AS completions,
    toUInt64(countIf(type = 'quiz.completed')) AS quizzes,
    toUInt64(countIf(type = 'lesson.completed')) AS lesson_completions,
    toUInt64(countIf(type = 'certificate.issued')) AS certificates
FROM ${db}.events
WHERE user_id != ''
  AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
       OR type IN ('quiz.completed', 'practice_session.completed', 'certificate.issued'))
GROUP BY day, company_id, course_id, user_id;

INSERT INTO ${db}.rollup_learner_figures_daily
SELECT
    toDate(timestamp) AS day,
    company_id,
    course_id,
    user_id,
    toUInt64(countIf(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))) AS learning,
    toUInt64(countIf(type = 'course.enrolled')) AS enrollments,
    toUInt64(countIf(type = 'course.completed')) AS completions,
    toUInt64(countIf(type = 'quiz.completed')) AS quizzes,
    toUInt64(countIf(type = 'lesson.completed')) AS lesson_completions,
    toUInt64(countIf(type = 'certificate.issued')) AS certificates
FROM ${db}.events
WHERE user_id != ''
  AND (startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
       OR type IN ('quiz.completed', 'practice_session.completed', 'certificate.issued'))
GROUP BY day, company_id, course_id, user_id;
