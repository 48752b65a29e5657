-- Why: companyLearningSummary for enterprise customers (and partner dashboards, which only
-- ever read their own company_id). Solo learners (empty company_id) are left out.
-- Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_company_learning
(
    company_id String,
    hour DateTime('UTC'),
    active_learners AggregateFunction(uniqExact, String),
    courses_completed AggregateFunction(count),
    learning_time_seconds AggregateFunction(sum, UInt64),
    certificates_issued AggregateFunction(count)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (company_id, hour)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_company_learning TO ${db}.rollup_company_learning AS
SELECT
    company_id,
    toStartOfHour(timestamp) AS hour,
    uniqExactStateIf(user_id, user_id != '' AND (startsWith(type, 'course.') OR startsWith(type, 'module.')
        OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed'))) AS active_learners,
    countStateIf(type = 'course.completed') AS courses_completed,
    sumStateIf(toUInt64(duration_seconds), startsWith(type, 'course.') OR startsWith(type, 'module.')
        OR startsWith(type, 'lesson.') OR type IN ('quiz.completed', 'practice_session.completed')) AS learning_time_seconds,
    countStateIf(type = 'certificate.issued') AS certificates_issued
FROM ${db}.events
WHERE company_id != ''
GROUP BY company_id, hour;
