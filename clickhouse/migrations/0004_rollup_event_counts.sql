-- Why: daily, monthly and yearly counts per event type (eventCounts) served from hourly
-- states instead of raw events. Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_event_counts
(
    hour DateTime('UTC'),
    type LowCardinality(String),
    company_id String,
    events AggregateFunction(count),
    users AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, type, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_event_counts TO ${db}.rollup_event_counts AS
SELECT
    toStartOfHour(timestamp) AS hour,
    type,
    company_id,
    countState() AS events,
    uniqExactStateIf(user_id, user_id != '') AS users
FROM ${db}.events
GROUP BY hour, type, company_id;
