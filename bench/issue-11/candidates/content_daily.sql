-- Candidate measured for issue 11 and not chosen: top content from daily uniqExact states (a daily copy
-- of the hourly table). It was barely faster than the hourly table and cost the most ingest
-- throughput of all candidates (notes/issue-11-engine.md).
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

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_content_daily_daily TO ${db}.rollup_content_daily AS
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
