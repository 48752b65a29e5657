-- Why: topContent (most viewed courses, lessons and pages) from hourly states. One event can
-- count for several pieces of content (a lesson event counts for its lesson and its course),
-- so the view emits one row per (kind, content_id) with ARRAY JOIN.
-- Views: course.viewed, lesson.started, page.viewed. Completions: course.completed,
-- lesson.completed. Viewers are user_id, or anonymous_id for visitors not logged in.
-- Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_content
(
    kind LowCardinality(String),
    content_id String,
    hour DateTime('UTC'),
    company_id String,
    views AggregateFunction(count),
    viewers AggregateFunction(uniqExact, String),
    completions AggregateFunction(count),
    time_seconds AggregateFunction(sum, UInt64),
    score AggregateFunction(avg, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (kind, hour, content_id, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_content TO ${db}.rollup_content AS
SELECT
    content.1 AS kind,
    content.2 AS content_id,
    toStartOfHour(timestamp) AS hour,
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
GROUP BY kind, content_id, hour, company_id;
