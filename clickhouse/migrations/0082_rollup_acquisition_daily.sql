-- Why: campaignPerformance for UTC days, weeks and months from one state per campaign, company
-- and day instead of up to 24 hourly states (issue 11, deliverable 4). Same columns and view as
-- 0008_rollup_acquisition.sql at a daily grain; the hourly table stays for days in other
-- whole-hour zones.
--
-- Every figure stays exact on purpose: sessions and users are uniqExact over one campaign's
-- sessions and users of one day (a daily state holds each id once, where 24 hourly states held a
-- returning user up to 24 times), and partners reconcile these figures with their ad spend, where
-- an approximate count (uniqCombined, ~0.1-1% off) would be a visible disagreement. Dedup window:
-- see 0003.
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

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_acquisition_daily TO ${db}.rollup_acquisition_daily AS
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

-- History: merged from the hourly states (see 0080 on why this cannot count an event twice).
INSERT INTO ${db}.rollup_acquisition_daily
SELECT
    toDate(hour) AS day,
    company_id,
    utm_source,
    utm_medium,
    utm_campaign,
    uniqExactMergeState(sessions) AS sessions,
    uniqExactMergeState(users) AS users,
    countMergeState(signups) AS signups,
    countMergeState(enrollments) AS enrollments
FROM ${db}.rollup_acquisition
GROUP BY day, company_id, utm_source, utm_medium, utm_campaign;
