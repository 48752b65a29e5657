-- Why: `npm run import:postgres` backfills the course platform's PostgreSQL `analytics_events`
-- table in batches read in ("timestamp", id) order. After every batch it writes one row here
-- with the last source row it got to, so an interrupted import (or a plain re-run) continues
-- after that row instead of reading and inserting the source again (docs/postgres-import.md).
--
-- One row per batch, never updated: the newest row of a source (highest updated_at) is its
-- progress, and the rest is a small log of past runs (about 200 rows per million source rows).
-- last_timestamp keeps microseconds because PostgreSQL timestamps do: the resume condition
-- compares it with the source column, and a cursor cut to milliseconds would read rows again.
-- No deduplication window: two progress rows are never the same insert retried.
CREATE TABLE IF NOT EXISTS ${db}.import_progress
(
    source String,
    run_id UUID,
    batch UInt32,
    last_timestamp DateTime64(6, 'UTC'),
    last_id String,
    rows_read UInt64,
    events_inserted UInt64,
    rows_rejected UInt64,
    updated_at DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = MergeTree
ORDER BY (source, updated_at);
