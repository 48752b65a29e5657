-- Why: nothing reads the hourly active-users states any more: UTC days come from 0020, every
-- other zone and HOUR granularity from 0021. Each materialized view costs every ingest batch
-- (issue 11 budget: the new rollups may cost at most 15% of ingest throughput; measured, adding
-- 0020 and 0021 while keeping this view cost ~19%, dropping it brought that to ~10%).
--
-- The table itself is kept, frozen at this migration: it is the only exact hourly history of
-- days older than a raw retention, and dropping data belongs in a migration of its own once
-- nobody wants it. verify-rollups no longer checks it (it would drift by design).
DROP VIEW IF EXISTS ${db}.mv_rollup_active_users;
