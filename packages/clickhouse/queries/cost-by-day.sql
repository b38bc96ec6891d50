-- cost-by-day: calls, tokens and cost per day (UTC), task type, tier, model and role.
--
-- Parameters: {from:DateTime} and {to:DateTime}: the hours that start in [from, to) (from is
-- rounded down to its hour). Reads the hourly rollup, which counts each call once.
-- cost_usd sums the calls whose model had a price; unpriced_calls counts the others.
-- batch_cost_share: the share of cost_usd paid by Message Batches calls (read from llm_usage,
-- which knows each call's mode); cached_input_share: the share of input tokens read from the
-- prompt cache.
-- (Inner and outer names differ on purpose: ClickHouse 18.16 reads a column name that is
-- also an alias of the same SELECT as the alias.)
SELECT
    day,
    task_type,
    tier,
    model,
    role,
    total_calls AS calls,
    total_input_tokens AS input_tokens,
    total_output_tokens AS output_tokens,
    total_cache_creation_input_tokens AS cache_creation_input_tokens,
    total_cache_read_input_tokens AS cache_read_input_tokens,
    round(total_cost, 6) AS cost_usd,
    total_calls - total_priced_calls AS unpriced_calls,
    if(total_cost = 0, 0, round(batch_cost / total_cost, 6)) AS batch_cost_share,
    if(total_input = 0, 0, round(total_cache_read_input_tokens / total_input, 6)) AS cached_input_share
FROM
(
    SELECT
        toDate(hour, 'UTC') AS day,
        task_type,
        tier,
        model,
        role,
        sum(calls) AS total_calls,
        sum(priced_calls) AS total_priced_calls,
        sum(input_tokens) AS total_input_tokens,
        sum(output_tokens) AS total_output_tokens,
        sum(cache_creation_input_tokens) AS total_cache_creation_input_tokens,
        sum(cache_read_input_tokens) AS total_cache_read_input_tokens,
        sum(priced_cost_usd) AS total_cost,
        total_input_tokens + total_cache_creation_input_tokens + total_cache_read_input_tokens AS total_input
    FROM llm_usage_hourly
    WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
    GROUP BY day, task_type, tier, model, role
) AS daily
ANY LEFT JOIN
(
    SELECT
        toDate(ts, 'UTC') AS day,
        task_type,
        tier,
        model,
        role,
        sumIf(ifNull(cost_usd, 0), mode = 'batch') AS batch_cost
    FROM llm_usage FINAL
    WHERE toStartOfHour(ts) >= toStartOfHour({from:DateTime}) AND toStartOfHour(ts) < {to:DateTime}
    GROUP BY day, task_type, tier, model, role
) AS modes USING (day, task_type, tier, model, role)
ORDER BY day, task_type, tier, model, role
