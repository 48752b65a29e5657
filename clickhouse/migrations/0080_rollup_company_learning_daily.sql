-- Why: companyLearningSummary (and partner dashboards) for UTC days, weeks and months from one
-- state per company and day instead of merging 24 hourly states per day (issue 11, deliverable 4).
-- Same columns and view as 0006_rollup_company_learning.sql at a daily grain; the hourly table
-- stays for HOUR granularity and for days in other whole-hour zones.
--
-- Every figure stays exact on purpose: active_learners is uniqExact, and a daily state holds each
-- learner of the company's day once (a company has at most a few thousand learners a day), so
-- the state is small; the counts and the sum are exact by nature. Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_company_learning_daily
(
    company_id String,
    day Date,
    active_learners AggregateFunction(uniqExact, String),
    courses_completed AggregateFunction(count),
    learning_time_seconds AggregateFunction(sum, UInt64),
    certificates_issued AggregateFunction(count)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (company_id, day)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_company_learning_daily TO ${db}.rollup_company_learning_daily AS
SELECT
    company_id,
    toDate(timestamp) AS day,
    uniqExactStateIf(user_id, user_id != '' AND (startsWith(type, 'course.') OR startsWith(type, 'module.')
        OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))) AS active_learners,
    countStateIf(type = 'course.completed') AS courses_completed,
    sumStateIf(toUInt64(duration_seconds), startsWith(type, 'course.') OR startsWith(type, 'module.')
        OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed')) AS learning_time_seconds,
    countStateIf(type = 'certificate.issued') AS certificates_issued
FROM ${db}.events
WHERE company_id != ''
GROUP BY company_id, day;

-- History: merged from the hourly states (exact, and it keeps days older than a raw retention).
-- Migrations run before the API serves, so no insert reaches both the view and this copy (the
-- count states would count it twice).
INSERT INTO ${db}.rollup_company_learning_daily
SELECT
    company_id,
    toDate(hour) AS day,
    uniqExactMergeState(active_learners) AS active_learners,
    countMergeState(courses_completed) AS courses_completed,
    sumMergeState(learning_time_seconds) AS learning_time_seconds,
    countMergeState(certificates_issued) AS certificates_issued
FROM ${db}.rollup_company_learning
GROUP BY company_id, day;
