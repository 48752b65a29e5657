-- Why: DAU/WAU/MAU and stickiness without scanning raw events. Hourly grain (UTC hours) so a
-- day in any whole-hour timezone is the merge of its 24 hourly states.
--
-- uniqExact states keep every distinct user id hash of the hour, so merging hours into days,
-- weeks or months stays exact (uniq would be ~1-2% off). Anonymous events (no user_id) are
-- not active users and are left out.
--
-- The dedup window is set here too: with deduplicate_blocks_in_dependent_materialized_views=1
-- ClickHouse dedups each view's output block against the target table's own window, so a
-- table without one would count a retried batch twice even though `events` dropped it.
CREATE TABLE IF NOT EXISTS ${db}.rollup_active_users
(
    hour DateTime('UTC'),
    company_id String,
    platform LowCardinality(String),
    users AggregateFunction(uniqExact, String),
    learners AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, company_id, platform)
SETTINGS non_replicated_deduplication_window = 10000;

-- Learning events: course.*, module.*, lesson.*, quiz.completed, practice_session.completed.
CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_active_users TO ${db}.rollup_active_users AS
SELECT
    toStartOfHour(timestamp) AS hour,
    company_id,
    platform,
    uniqExactState(user_id) AS users,
    uniqExactStateIf(user_id, startsWith(type, 'course.') OR startsWith(type, 'module.') OR startsWith(type, 'lesson.')
        OR type IN ('quiz.completed', 'practice_session.completed')) AS learners
FROM ${db}.events
WHERE user_id != ''
GROUP BY hour, company_id, platform;
