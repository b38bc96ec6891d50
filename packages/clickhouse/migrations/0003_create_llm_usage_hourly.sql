-- llm_usage_hourly: llm_usage summed per hour, task type, tier, model, role and status, kept
-- up to date by a materialized view on every insert into llm_usage.
--
-- A materialized view sees every inserted block, so a re-inserted event would be counted
-- twice here: the sink never re-inserts an event id that is already stored, and servers from
-- 22.3 on also drop a repeated batch by its deduplication token (migration 0005).
-- SummingMergeTree folds rows with the same key on merge; always read with sum() and GROUP BY.
--
-- priced_cost_usd sums the known costs; priced_calls counts the calls that had one, so
-- calls - priced_calls is the number of calls whose model had no price.
-- (Not named cost_usd: 18.16 would read every cost_usd in the view's SELECT as that alias.)
CREATE TABLE IF NOT EXISTS llm_usage_hourly
(
    hour DateTime('UTC'),
    task_type String,
    tier String,
    model String,
    role String,
    status String,
    calls UInt64,
    priced_calls UInt64,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_creation_input_tokens UInt64,
    cache_read_input_tokens UInt64,
    priced_cost_usd Float64,
    latency_ms_sum UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, task_type, tier, model, role, status);

CREATE MATERIALIZED VIEW IF NOT EXISTS llm_usage_hourly_view TO llm_usage_hourly
AS SELECT
    toStartOfHour(ts) AS hour,
    task_type,
    tier,
    model,
    role,
    status,
    count() AS calls,
    countIf(isNotNull(cost_usd)) AS priced_calls,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_creation_input_tokens) AS cache_creation_input_tokens,
    sum(cache_read_input_tokens) AS cache_read_input_tokens,
    sum(ifNull(cost_usd, 0)) AS priced_cost_usd,
    sum(latency_ms) AS latency_ms_sum
FROM llm_usage
GROUP BY hour, task_type, tier, model, role, status;
