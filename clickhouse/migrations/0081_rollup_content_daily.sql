-- Why: topContent for UTC days, weeks and months from one state per (kind, content, company, day)
-- instead of up to 24 hourly states (issue 11, deliverable 4). Same columns and view as
-- 0007_rollup_content.sql at a daily grain (one event counts for its lesson and its course, so
-- the view emits one row per (kind, content_id) with ARRAY JOIN); the hourly table stays for
-- days in other whole-hour zones.
--
-- Every figure stays exact on purpose: viewers is uniqExact over a piece of content's viewers of
-- one day, a small set even for the most viewed page; views, completions and time are counts and
-- sums, the score an exact average. Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_content_daily
(
    kind LowCardinality(String),
    content_id String,
    day Date,
    company_id String,
    views AggregateFunction(count),
    viewers AggregateFunction(uniqExact, String),
    completions AggregateFunction(count),
    time_seconds AggregateFunction(sum, UInt64),
    score AggregateFunction(avg, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (kind, day, content_id, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_content_daily TO ${db}.rollup_content_daily AS
SELECT
    content.1 AS kind,
    content.2 AS content_id,
    toDate(timestamp) AS day,
    company_id,
    countStateIf(type IN ('course.viewed', 'lesson.started', 'page.viewed')) AS views,
    uniqExactStateIf(if(user_id != '', user_id, anonymous_id),
        type IN ('course.viewed', 'lesson.started', 'page.viewed') AND (user_id != '' OR anonymous_id != '')) AS viewers,
    countStateIf(type IN ('course.completed', 'lesson.completed')) AS completions,
    sumState(toUInt64(duration_seconds)) AS time_seconds,
    avgStateIf(assumeNotNull(score), score IS NOT NULL) AS score
FROM ${db}.events
ARRAY JOIN arrayFilter(c -> c.2 != '', [
    ('course', if(startsWith(type, 'course.') OR startsWith(type, 'lesson.') OR startsWith(type, 'module.'), course_id, '')),
    ('lesson', if(startsWith(type, 'lesson.'), lesson_id, '')),
    ('page', if(type = 'page.viewed', page, ''))
]) AS content
GROUP BY kind, content_id, day, company_id;

-- History: merged from the hourly states (see 0080 on why this cannot count an event twice).
INSERT INTO ${db}.rollup_content_daily
SELECT
    kind,
    content_id,
    toDate(hour) AS day,
    company_id,
    countMergeState(views) AS views,
    uniqExactMergeState(viewers) AS viewers,
    countMergeState(completions) AS completions,
    sumMergeState(time_seconds) AS time_seconds,
    avgMergeState(score) AS score
FROM ${db}.rollup_content
GROUP BY kind, content_id, day, company_id;
