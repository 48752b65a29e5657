-- Why: practiceProgress and practiceLearners (issue 14) read every practice_session.completed of
-- the period and parse its JSON `properties` twice: the scenario (`properties.scenario_id`) and
-- the criteria scores (`properties.^criteria`, read back as JSON text and split into pairs). At
-- 10M events that is ~330 ms for one page. Here each UTC day keeps, per company, learner,
-- scenario and duration band, the sessions and their sums and the learner's first and last
-- scored session; a second table keeps, per day, company, learner and criterion, the sessions
-- that scored it and the sum. A period of whole UTC days (and buckets of whole UTC days) sums
-- those instead: the same figures, exactly (learners are distinct user_id of the rows).
--
-- scenario_id, band and the criteria are the raw reader's expressions
-- (practice-progress.repository.ts): the scenario when it is a string, '' otherwise; the band is
-- the 1-based index of DURATION_EDGES [0, 300, 600, 900, 1200, 1800, 2700, 3600] that holds the
-- duration; criteria are the numeric values of `properties.criteria`. first_score / last_score
-- are the scores of the earliest and latest scored session (ties by event_id), as the raw
-- reader's argMinIf/argMaxIf; they mean nothing where `scored` is 0. Dedup window: see 0003. The
-- INSERTs at the end backfill events stored before this migration.
CREATE TABLE IF NOT EXISTS ${db}.rollup_practice_daily
(
    day Date,
    company_id String,
    user_id String,
    scenario_id String,
    band UInt8,
    sessions SimpleAggregateFunction(sum, UInt64),
    scored SimpleAggregateFunction(sum, UInt64),
    score_sum SimpleAggregateFunction(sum, Float64),
    duration_sum SimpleAggregateFunction(sum, UInt64),
    first_score AggregateFunction(argMinIf, Float64, Tuple(DateTime64(3, 'UTC'), UUID), UInt8),
    last_score AggregateFunction(argMaxIf, Float64, Tuple(DateTime64(3, 'UTC'), UUID), UInt8)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, company_id, user_id, scenario_id, band)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_practice_daily TO ${db}.rollup_practice_daily AS
SELECT
    toDate(timestamp) AS day,
    company_id,
    user_id,
    if(dynamicType(properties.scenario_id) = 'String', toString(properties.scenario_id), '') AS scenario_id,
    toUInt8(arrayLastIndex(e -> e <= duration_seconds, [0, 300, 600, 900, 1200, 1800, 2700, 3600])) AS band,
    toUInt64(count()) AS sessions,
    toUInt64(count(score)) AS scored,
    sumIf(assumeNotNull(score), isNotNull(score)) AS score_sum,
    toUInt64(sum(duration_seconds)) AS duration_sum,
    argMinIfState(assumeNotNull(score), (timestamp, event_id), toUInt8(isNotNull(score))) AS first_score,
    argMaxIfState(assumeNotNull(score), (timestamp, event_id), toUInt8(isNotNull(score))) AS last_score
FROM ${db}.events
WHERE type = 'practice_session.completed' AND user_id != ''
GROUP BY day, company_id, user_id, scenario_id, band;

CREATE TABLE IF NOT EXISTS ${db}.rollup_practice_criteria_daily
(
    day Date,
    company_id String,
    user_id String,
    criterion String,
    sessions SimpleAggregateFunction(sum, UInt64),
    score_sum SimpleAggregateFunction(sum, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, company_id, criterion, user_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_practice_criteria_daily TO ${db}.rollup_practice_criteria_daily AS
SELECT
    toDate(timestamp) AS day,
    company_id,
    user_id,
    c.1 AS criterion,
    toUInt64(count()) AS sessions,
    sum(assumeNotNull(c.2)) AS score_sum
FROM ${db}.events
ARRAY JOIN arrayFilter(x -> isNotNull(x.2), arrayMap(x -> (x.1, toFloat64OrNull(x.2)), JSONExtractKeysAndValuesRaw(toJSONString(properties.^criteria)))) AS c
WHERE type = 'practice_session.completed' AND user_id != ''
GROUP BY day, company_id, user_id, criterion;

INSERT INTO ${db}.rollup_practice_daily
SELECT
    toDate(timestamp) AS day,
    company_id,
    user_id,
    if(dynamicType(properties.scenario_id) = 'String', toString(properties.scenario_id), '') AS scenario_id,
    toUInt8(arrayLastIndex(e -> e <= duration_seconds, [0, 300, 600, 900, 1200, 1800, 2700, 3600])) AS band,
    toUInt64(count()) AS sessions,
    toUInt64(count(score)) AS scored,
    sumIf(assumeNotNull(score), isNotNull(score)) AS score_sum,
    toUInt64(sum(duration_seconds)) AS duration_sum,
    argMinIfState(assumeNotNull(score), (timestamp, event_id), toUInt8(isNotNull(score))) AS first_score,
    argMaxIfState(assumeNotNull(score), (timestamp, event_id), toUInt8(isNotNull(score))) AS last_score
FROM ${db}.events
WHERE type = 'practice_session.completed' AND user_id != ''
GROUP BY day, company_id, user_id, scenario_id, band;

INSERT INTO ${db}.rollup_practice_criteria_daily
SELECT
    toDate(timestamp) AS day,
    company_id,
    user_id,
    c.1 AS criterion,
    toUInt64(count()) AS sessions,
    sum(assumeNotNull(c.2)) AS score_sum
FROM ${db}.events
ARRAY JOIN arrayFilter(x -> isNotNull(x.2), arrayMap(x -> (x.1, toFloat64OrNull(x.2)), JSONExtractKeysAndValuesRaw(toJSONString(properties.^criteria)))) AS c
WHERE type = 'practice_session.completed' AND user_id != ''
GROUP BY day, company_id, user_id, criterion;
