-- Why: after an ingest insert failed (disk full, read-only disk), /readyz stays "not ready"
-- until a write succeeds again. When no batch is waiting in the ingest journal to be completed,
-- the check writes one row here: a MergeTree part, like an ingest, so it fails for the same
-- reasons. It only runs while inserts are failing; rows expire after a day.
CREATE TABLE IF NOT EXISTS ${db}.ingest_probe
(
    at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY at
TTL toDateTime(at) + INTERVAL 1 DAY;
