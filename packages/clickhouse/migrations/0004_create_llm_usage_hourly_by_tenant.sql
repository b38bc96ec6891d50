-- llm_usage_hourly_by_tenant: llm_usage summed per hour, feature, tenant and task type (all
-- roles), for "who spends" questions. feature and tenant come from the task's metadata
-- ('' when absent). Same exactness rules and reading rules as llm_usage_hourly.
CREATE TABLE IF NOT EXISTS llm_usage_hourly_by_tenant
(
    hour DateTime('UTC'),
    feature String,
    tenant String,
    task_type String,
    calls UInt64,
    priced_calls UInt64,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_creation_input_tokens UInt64,
    cache_read_input_tokens UInt64,
    priced_cost_usd Float64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, feature, tenant, task_type);

CREATE MATERIALIZED VIEW IF NOT EXISTS llm_usage_hourly_by_tenant_view TO llm_usage_hourly_by_tenant
AS SELECT
    toStartOfHour(ts) AS hour,
    feature,
    tenant,
    task_type,
    count() AS calls,
    countIf(isNotNull(cost_usd)) AS priced_calls,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_creation_input_tokens) AS cache_creation_input_tokens,
    sum(cache_read_input_tokens) AS cache_read_input_tokens,
    sum(ifNull(cost_usd, 0)) AS priced_cost_usd
FROM llm_usage
GROUP BY hour, feature, tenant, task_type;
