-- Why: days (and hours) in zones whose offset is not a whole number of hours: India +05:30,
-- Nepal +05:45, Adelaide +09:30/+10:30, Newfoundland, Iran, Afghanistan, Myanmar, Chatham...
-- A local midnight there falls inside a UTC hour, so an hourly state would count that hour's
-- users into both days. Quarter-hour states cut every hour at :15, :30 and :45, which is every
-- offset in the IANA database today. A local day is then the merge of the hourly states of its
-- whole UTC hours plus the quarter states of the one hour its midnight cuts (the service lists
-- those boundary hours, from the zone's rules, so the read of this table is a few small key
-- ranges). HOUR granularity in such a zone reads this table only (a local hour is two halves
-- of two UTC hours). Exact: uniqExact states, as in the hourly table.
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
