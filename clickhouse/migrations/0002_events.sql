-- Why: the raw event store, one row per event in the envelope of design.md. Funnels,
-- retention, per-learner metrics and ad-hoc breakdowns read it; materialized views turn each
-- insert into hourly rollup states.
--
-- ORDER BY (type, toDate(timestamp), user_id, timestamp): every raw metric names the event
-- types it wants and a period, so type then day prunes most granules; user_id next keeps one
-- learner's events of a day together, which is what funnels (windowFunnel per user) and
-- retention read. Lookups by event_id (cross-request dedup), user, company or course that do
-- not follow that order use bloom-filter skip indexes.
--
-- non_replicated_deduplication_window: keep the hashes of the last 10,000 inserted blocks so
-- a retried insert with the same insert_deduplication_token is dropped (the ingest contract).
-- Raw retention (RAW_RETENTION_DAYS) is applied as a TTL by the runner after migrations,
-- because it is configuration, not schema; it is off by default.
CREATE TABLE IF NOT EXISTS ${db}.events
(
    event_id UUID,
    type LowCardinality(String),
    timestamp DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC') DEFAULT now64(3),
    source LowCardinality(String),
    user_id String,
    anonymous_id String,
    session_id String,
    company_id String,
    course_id String,
    module_id String,
    lesson_id String,
    quiz_id String,
    platform LowCardinality(String),
    country LowCardinality(String),
    page String,
    referrer String,
    utm_source LowCardinality(String),
    utm_medium LowCardinality(String),
    utm_campaign LowCardinality(String),
    utm_term String,
    utm_content String,
    duration_seconds UInt32,
    score Nullable(Float64),
    passed Nullable(Bool),
    amount Nullable(Decimal(18, 4)),
    currency LowCardinality(String),
    properties JSON,
    INDEX idx_event_id event_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_company_id company_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_course_id course_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (type, toDate(timestamp), user_id, timestamp)
SETTINGS non_replicated_deduplication_window = 10000;
