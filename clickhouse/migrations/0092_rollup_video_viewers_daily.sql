-- Why: videoEngagement (issue 14) reads every video.progressed event of the period and the JSON
-- properties of each (percent, or position_seconds / length_seconds) to find each viewer's furthest
-- point: 276 ms for one course's videos over 30 days at 10M events. Here each UTC day keeps one
-- row per (course, lesson, company, viewer) with that day's furthest point and the set of the
-- viewer's plays (sessions, or the day for events without a session), so a period of whole UTC
-- days takes the max and merges the sets over its days instead: the same figures, exactly.
--
-- furthest is the raw reader's expression (video-engagement.repository.ts, capped to 0..1; NULL
-- when an event carries neither form, which max skips as the raw max does). The reader answers
-- other periods (zones off UTC, HOUR cuts) from raw events. Dedup window: see 0003. The INSERT
-- at the end backfills events stored before this migration.
CREATE TABLE IF NOT EXISTS ${db}.rollup_video_viewers_daily
(
    day Date,
    course_id String,
    lesson_id String,
    company_id String,
    user_id String,
    furthest SimpleAggregateFunction(max, Nullable(Float64)),
    plays AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (course_id, day, lesson_id, company_id, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_video_viewers_daily TO ${db}.rollup_video_viewers_daily AS
SELECT
    toDate(timestamp) AS day,
    course_id,
    lesson_id,
    company_id,
    user_id,
    max(least(1, greatest(0, ifNull(
        toFloat64OrNull(toString(getSubcolumn(properties, 'percent'))) / 100,
        toFloat64OrNull(toString(getSubcolumn(properties, 'position_seconds')))
          / nullIf(toFloat64OrNull(toString(getSubcolumn(properties, 'length_seconds'))), 0))))) AS furthest,
    uniqExactState(if(session_id != '', session_id, toString(toDate(timestamp)))) AS plays
FROM ${db}.events
WHERE type = 'video.progressed' AND user_id != '' AND lesson_id != ''
GROUP BY day, course_id, lesson_id, company_id, user_id;

INSERT INTO ${db}.rollup_video_viewers_daily
SELECT
    toDate(timestamp) AS day,
    course_id,
    lesson_id,
    company_id,
    user_id,
    max(least(1, greatest(0, ifNull(
        toFloat64OrNull(toString(getSubcolumn(properties, 'percent'))) / 100,
        toFloat64OrNull(toString(getSubcolumn(properties, 'position_seconds')))
          / nullIf(toFloat64OrNull(toString(getSubcolumn(properties, 'length_seconds'))), 0))))) AS furthest,
    uniqExactState(if(session_id != '', session_id, toString(toDate(timestamp)))) AS plays
FROM ${db}.events
WHERE type = 'video.progressed' AND user_id != '' AND lesson_id != ''
GROUP BY day, course_id, lesson_id, company_id, user_id;
