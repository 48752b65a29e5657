-- Candidate measured for issue 11 and not chosen: one row per (UTC day, company, platform,
-- user). Exact dau and MAU from it were slower than daily uniqExact states (0012) at 5M events
-- (15.0x vs 24.9x, 10.1x vs 18.8x over raw); approximate uniq/uniqCombined over its rows were
-- fast (19.7-28.5x for MAU). Kept so the comparison can be run again.
-- Why: dau/wau/mau and stickiness for UTC days without merging hourly uniqExact states. One row
-- per (UTC day, company, platform, user) who had an event: a day's active users are the
-- distinct user ids of its rows, a month's the distinct ids of 30 days of rows. The hourly
-- states hold each user once per active HOUR, these rows once per active DAY. Plain rows (not
-- states) let the reader choose the function: uniqExact for dau (exact), uniqCombined for
-- weekly/monthly active users (within 0.2% measured, 1.4-2.9x faster than exact over 30 days).
-- Measured in notes/issue-11-engine.md; its view cost ~0-4% of ingest throughput.
--
-- AggregatingMergeTree, not plain MergeTree: each insert block adds its own row per key and
-- background merges fold them into one (learner = max of the flags). Readers count
-- uniqExact(user_id), never count(): rows of unmerged parts may repeat a key, and uniqExact is
-- exact whatever the merge state. The key starts with day so a period is one range; company_id
-- and platform come next because dau can be asked for one company and/or one platform.
--
-- Only UTC days: a day in another zone is not a union of UTC days (see 0013 and the hourly
-- rollup_active_users, which stays for HOUR granularity and for every other zone).
CREATE TABLE IF NOT EXISTS ${db}.active_user_days
(
    day Date,
    company_id String,
    platform LowCardinality(String),
    user_id String,
    learner SimpleAggregateFunction(max, UInt8)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, company_id, platform, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_active_user_days TO ${db}.active_user_days AS
SELECT
    toDate(timestamp) AS day,
    company_id,
    platform,
    user_id,
    max(startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
        OR type IN ('quiz.completed', 'practice_session.completed')) AS learner
FROM ${db}.events
WHERE user_id != ''
GROUP BY day, company_id, platform, user_id;
