-- Why: the platform's login funnel ("Complete login funnel (7 steps)": per step, the sessions with
-- a page view under /login or /dashboard, a click on one form element, a login) is a funnel in
-- EACH_STEP mode counted by session. From raw events it reads 30 days of page views and clicks
-- and the JSON `properties.element` of every click (issue 14: 3.6x PostgreSQL at 1M events, 20x
-- asked). Here each UTC day keeps, per event type, company, the page's first path segment and the
-- clicked element, the set of its sessions and of its users, so such a funnel merges a few
-- hundred states instead.
--
-- page_root is the page up to its second '/' (or '?' or '#'): `/login/otp?x=1` -> `/login`, a
-- page not starting with '/' -> ''. A funnel step's pagePrefix P with no '/', '?' or '#' after its
-- leading '/' holds for a page exactly when it holds for the page's root (the root is a prefix of
-- the page, and P ends inside the root's run of plain characters), so startsWith(page_root, P) =
-- startsWith(page, P) for such P; other prefixes are answered from raw events. element is the
-- text of `properties.element` (as the raw funnel's property filter reads it) for ui.clicked, ''
-- for every other type. The reader: funnel.repository.ts, eachStepFromRollup. Exact: uniqExact
-- states, merged over the days of the period. Dedup window: see 0003. The INSERT at the end
-- backfills events stored before this migration.
CREATE TABLE IF NOT EXISTS ${db}.rollup_step_sessions_daily
(
    day Date,
    type LowCardinality(String),
    company_id String,
    page_root String,
    element String,
    sessions AggregateFunction(uniqExact, String),
    users AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, type, company_id, page_root, element)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_step_sessions_daily TO ${db}.rollup_step_sessions_daily AS
SELECT
    toDate(timestamp) AS day,
    type,
    company_id,
    extract(page, '^/[^/?#]*') AS page_root,
    if(type = 'ui.clicked', toString(getSubcolumn(properties, 'element')), '') AS element,
    uniqExactStateIf(session_id, session_id != '') AS sessions,
    uniqExactStateIf(user_id, user_id != '') AS users
FROM ${db}.events
GROUP BY day, type, company_id, page_root, element;

INSERT INTO ${db}.rollup_step_sessions_daily
SELECT
    toDate(timestamp) AS day,
    type,
    company_id,
    extract(page, '^/[^/?#]*') AS page_root,
    if(type = 'ui.clicked', toString(getSubcolumn(properties, 'element')), '') AS element,
    uniqExactStateIf(session_id, session_id != '') AS sessions,
    uniqExactStateIf(user_id, user_id != '') AS users
FROM ${db}.events
GROUP BY day, type, company_id, page_root, element;
