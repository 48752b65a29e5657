-- Why: active users in every zone whose days are not UTC days, and at HOUR granularity. A local
-- midnight in India (+05:30), Nepal (+05:45), Adelaide (+09:30/+10:30), Newfoundland, Iran or
-- Chatham (+12:45) falls inside a UTC hour, so hourly states would count that hour's users into
-- both days. Quarter-hour states cut every hour at :15, :30 and :45, which is every offset in the
-- IANA database since the 1970s: a local day or hour is the merge of its quarters,
-- `GROUP BY toDate(quarter, tz)`, exact in any zone and across any DST change.
--
-- Read alone for every non-UTC day and every HOUR bucket, whole-hour zones included, not as
-- hourly states plus quarters for the boundary hours: measured (notes/issue-11-engine.md), this
-- table alone was 1.1-5.5x faster than that composition (one key range per day costs more than
-- the states it saves), 3-14x faster than raw, and about as fast as the hourly table for New
-- York days (6.1x vs 4.7x over raw at 5M). So it replaces the hourly active-users view (0022),
-- which pays for most of its ingest cost. Exact: uniqExact states. Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_active_users_15m
(
    quarter DateTime('UTC'),
    company_id String,
    platform LowCardinality(String),
    users AggregateFunction(uniqExact, String),
    learners AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(quarter)
ORDER BY (quarter, company_id, platform)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_active_users_15m TO ${db}.rollup_active_users_15m AS
SELECT
    toStartOfFifteenMinutes(timestamp) AS quarter,
    company_id,
    platform,
    uniqExactState(user_id) AS users,
    uniqExactStateIf(user_id, startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
        OR type IN ('quiz.completed', 'practice_session.completed')) AS learners
FROM ${db}.events
WHERE user_id != ''
GROUP BY quarter, company_id, platform;

-- History from raw events (quarters cannot be cut out of hourly states). With a raw retention
-- (RAW_RETENTION_DAYS) set before this migration, days older than it have no quarters: non-UTC
-- and HOUR answers for them count nobody, while UTC days keep theirs (0020). Migrations run
-- before the API serves, so no insert reaches both the view and this copy.
INSERT INTO ${db}.rollup_active_users_15m
SELECT
    toStartOfFifteenMinutes(timestamp) AS quarter,
    company_id,
    platform,
    uniqExactState(user_id) AS users,
    uniqExactStateIf(user_id, startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
        OR type IN ('quiz.completed', 'practice_session.completed')) AS learners
FROM ${db}.events
WHERE user_id != ''
GROUP BY quarter, company_id, platform;
