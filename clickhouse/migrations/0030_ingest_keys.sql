-- Why: an Idempotency-Key binds to the SHA-256 of the body it first came with (issue 12), as
-- payment APIs define it: a retry with the same key and body replays the stored answer, the
-- same key with another body is refused (422). The key must outlive a restart, so it is kept
-- here rather than in memory, for the same 7 days that bound the dedup window (0010).
--
-- EmbeddedRocksDB: every request with a key does one point lookup by key. The row is written
-- only after the batch it answers was stored (src/ingest/ingest.service.ts). Like `event_ids`
-- it is local to the ClickHouse node: with several API replicas or ClickHouse nodes, set
-- REDIS_URL (docs/ingest.md), which keeps the keys in Redis instead.
CREATE TABLE IF NOT EXISTS ${db}.ingest_keys
(
    key String,
    body_sha256 String,
    status UInt16,
    response String,
    created_at DateTime64(3, 'UTC')
)
ENGINE = EmbeddedRocksDB(604800)
PRIMARY KEY key;
