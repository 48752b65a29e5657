-- Why: the database and the ledger of applied migrations. The runner records every file here
-- by name and SHA-256 checksum, so a re-run applies nothing and an edited, already applied
-- file is caught instead of silently diverging from what the database holds.
-- `${db}` is replaced by the configured database name (CLICKHOUSE_DATABASE) before running.
CREATE DATABASE IF NOT EXISTS ${db};

CREATE TABLE IF NOT EXISTS ${db}.schema_migrations
(
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY name;
