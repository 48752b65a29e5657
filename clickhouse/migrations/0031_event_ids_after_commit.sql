-- Why: `mv_event_ids` recorded every id of every block inserted into `events`, also of blocks
-- ClickHouse then dropped as a retry (the view into EmbeddedRocksDB runs anyway) and of batches
-- cut off by a crash before they reached every rollup. Such an id answered "duplicate" for
-- ever after, and its event was never stored (issue 12). The ingest path now writes an id into
-- `event_ids` itself, after the batch holding it is stored in `events` and every rollup
-- (src/ingest/batch-writer.ts), so "received" means "stored".
DROP VIEW IF EXISTS ${db}.mv_event_ids;
