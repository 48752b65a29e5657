-- Why: campaign performance (sessions, users, signups) over 30+ days for UTC days from daily states instead of
-- merging 24 hourly states a day. The same columns and view as 0008_rollup_acquisition.sql at a daily grain (the
-- hourly table stays for HOUR granularity and for days in other zones). uniqExact states stay
-- exact when days are merged into a period; measured against uniqCombined in
-- notes/issue-11-engine.md (the daily uniqExact state is already small: a user appears once
-- per day, not once per active hour).
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
