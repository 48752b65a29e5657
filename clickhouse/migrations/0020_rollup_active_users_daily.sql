-- Why: dau/wau/mau and stickiness for UTC days from daily uniqExact states instead of merging
-- 24 hourly states a day (issue 11: hourly states hold nearly every user id once per active
-- hour, so the hourly table was only 4.6x faster than raw events at 5M). A daily state holds
-- each user of the day once. Exact, and the fastest exact design measured
-- (notes/issue-11-engine.md: at 5M events 30-day dau 24.9x faster than raw, MAU 18.8x; per-(day,
-- user) rows 15.0x / 10.1x). Same columns and view as 0003_rollup_active_users.sql at a daily
-- grain. Only UTC days: other zones and HOUR granularity read 0021. Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_active_users_daily
(
    day Date,
    company_id String,
    platform LowCardinality(String),
    users AggregateFunction(uniqExact, String),
    learners AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, company_id, platform)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_active_users_daily TO ${db}.rollup_active_users_daily AS
SELECT
    toDate(timestamp) AS day,
    company_id,
    platform,
    uniqExactState(user_id) AS users,
    uniqExactStateIf(user_id, startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
        OR type IN ('quiz.completed', 'practice_session.completed')) AS learners
FROM ${db}.events
WHERE user_id != ''
GROUP BY day, company_id, platform;

-- History: merged from the hourly states, not from raw events, so days older than a raw
-- retention (RAW_RETENTION_DAYS) keep their figures. Merging a day's hourly uniqExact states
-- is exactly the day's state. Migrations run before the API serves, so no insert can reach both
-- the view above and this copy (it would not matter anyway: a uniqExact state is a set).
INSERT INTO ${db}.rollup_active_users_daily
SELECT toDate(hour) AS day, company_id, platform, uniqExactMergeState(users) AS users, uniqExactMergeState(learners) AS learners
FROM ${db}.rollup_active_users
GROUP BY day, company_id, platform;
