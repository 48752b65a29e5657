-- Candidate measured for issue 11 and not chosen: campaign performance from daily uniqExact states (a daily copy
-- of the hourly table). It was barely faster than the hourly table and cost the most ingest
-- throughput of all candidates (notes/issue-11-engine.md).
CREATE TABLE IF NOT EXISTS ${db}.rollup_acquisition_daily
(
    day Date,
    company_id String,
    utm_source LowCardinality(String),
    utm_medium LowCardinality(String),
    utm_campaign LowCardinality(String),
    sessions AggregateFunction(uniqExact, String),
    users AggregateFunction(uniqExact, String),
    signups AggregateFunction(count),
    enrollments AggregateFunction(count)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, utm_source, utm_medium, utm_campaign, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_acquisition_daily_daily TO ${db}.rollup_acquisition_daily AS
SELECT
    toDate(timestamp) AS day,
    company_id,
    utm_source,
    utm_medium,
    utm_campaign,
    uniqExactStateIf(session_id, session_id != '') AS sessions,
    uniqExactStateIf(user_id, user_id != '') AS users,
    countStateIf(type = 'user.registered') AS signups,
    countStateIf(type = 'course.enrolled') AS enrollments
FROM ${db}.events
WHERE utm_source != ''
GROUP BY day, company_id, utm_source, utm_medium, utm_campaign;
