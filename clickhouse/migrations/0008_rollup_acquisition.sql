-- Why: campaignPerformance (UTM attribution) from hourly states. Events are attributed to the
-- UTM fields they carry; events without utm_source are not campaign traffic and are left out.
-- Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_acquisition
(
    hour DateTime('UTC'),
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
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, utm_source, utm_medium, utm_campaign, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_acquisition TO ${db}.rollup_acquisition AS
SELECT
    toStartOfHour(timestamp) AS hour,
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
GROUP BY hour, company_id, utm_source, utm_medium, utm_campaign;
