-- Why: days (and hours) in zones whose offset is not a whole number of hours: India +05:30,
-- Nepal +05:45, Adelaide +09:30/+10:30, Newfoundland, Iran, Afghanistan, Myanmar, Chatham...
-- A local midnight there falls inside a UTC hour, so an hourly state would count that hour's
-- users into both days. Quarter-hour states cut every hour at :15, :30 and :45, which is every
-- offset in the IANA database today: a local day is the merge of the quarters from its first
-- instant to its last, `GROUP BY toDate(quarter, tz)`, exact for any zone and any DST change.
--
-- Read alone, not as hourly states plus quarter states for the hours a midnight cuts: measured
-- (notes/issue-11-engine.md), the 15-minute table alone was 1.1-5.5x (mostly 2-4x) faster than that composition
-- (the OR of one key range per day costs more than the states it saves) and 2.9-14x faster than
-- raw events. It also served whole-hour zones about as fast as the hourly table, so it takes
-- over every non-UTC read and HOUR granularity, and the hourly active-users view can be dropped
-- (which pays for most of this view's ingest cost). Exact: uniqExact states.
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
