-- Why: the cross-request duplicate check ("was this event_id received in the last 24 h?") runs
-- on every ingest request for thousands of ids at once. On `events` it was a bloom-filter scan
-- of every granule and took longer than the insert itself. EmbeddedRocksDB is a key-value
-- table: `event_id IN (...)` on its primary key becomes point lookups (milliseconds for 5,000
-- ids among millions).
--
-- The table's TTL (7 days, in seconds) bounds the dedup window: DEDUP_WINDOW_SECONDS may not
-- exceed it. A view fills it from every insert into `events`; a retried batch only rewrites the
-- same keys. It lives on the server the insert ran on: on a sharded cluster, route a producer's
-- events to one shard (e.g. by event_id) so its duplicates meet there.
CREATE TABLE IF NOT EXISTS ${db}.event_ids
(
    event_id UUID,
    received_at DateTime64(3, 'UTC')
)
ENGINE = EmbeddedRocksDB(604800)
PRIMARY KEY event_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_event_ids TO ${db}.event_ids AS
SELECT event_id, received_at FROM ${db}.events;

-- Events stored before this migration keep their protection for the rest of the window.
INSERT INTO ${db}.event_ids SELECT event_id, received_at FROM ${db}.events WHERE received_at >= now64(3) - INTERVAL 7 DAY;
