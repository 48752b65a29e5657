-- Candidate measured for issue 11 and not chosen: active learners per course as one row per
-- (course, UTC day, company, user), counted with uniqExact(user_id), beside daily sums. Joined
-- to the sums it was slower than daily uniqExact states (notes/issue-11-engine.md).
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
