-- Why: revenue per period and currency from hourly states. Amounts are Decimal(18, 4) so sums
-- are exact (no float drift across thousands of payments). Subscription events carry no
-- currency; they land in the row with currency ''. Dedup window: see 0003.
CREATE TABLE IF NOT EXISTS ${db}.rollup_revenue
(
    hour DateTime('UTC'),
    company_id String,
    currency LowCardinality(String),
    amount AggregateFunction(sum, Decimal(18, 4)),
    payments_succeeded AggregateFunction(count),
    payments_failed AggregateFunction(count),
    subscriptions_activated AggregateFunction(count),
    subscriptions_cancelled AggregateFunction(count)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, currency, company_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.mv_rollup_revenue TO ${db}.rollup_revenue AS
SELECT
    toStartOfHour(timestamp) AS hour,
    company_id,
    currency,
    sumStateIf(assumeNotNull(amount), type = 'payment.succeeded' AND amount IS NOT NULL) AS amount,
    countStateIf(type = 'payment.succeeded') AS payments_succeeded,
    countStateIf(type = 'payment.failed') AS payments_failed,
    countStateIf(type = 'subscription.activated') AS subscriptions_activated,
    countStateIf(type = 'subscription.cancelled') AS subscriptions_cancelled
FROM ${db}.events
WHERE type IN ('payment.succeeded', 'payment.failed', 'subscription.activated', 'subscription.cancelled')
GROUP BY hour, company_id, currency;
