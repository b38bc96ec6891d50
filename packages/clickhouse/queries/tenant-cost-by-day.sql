-- tenant-cost-by-day: cost-by-day's columns for one tenant and/or one feature (the task's
-- metadata; '' is "none"), read from llm_usage, which knows each call's tenant and feature
-- (the rollup cost-by-day reads does not).
--
-- Parameters: {from:DateTime} and {to:DateTime}: the hours that start in [from, to);
-- {anyTenant:UInt32} (1: every tenant) and {tenant:String}; {anyFeature:UInt32} and {feature:String}.
-- FINAL: each call counted once, as the rollups count it.
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
        toDate(ts, 'UTC') AS day,
        task_type,
        tier,
        model,
        role,
        count() AS total_calls,
        countIf(isNotNull(cost_usd)) AS total_priced_calls,
        sum(input_tokens) AS total_input_tokens,
        sum(output_tokens) AS total_output_tokens,
        sum(cache_creation_input_tokens) AS total_cache_creation_input_tokens,
        sum(cache_read_input_tokens) AS total_cache_read_input_tokens,
        sum(ifNull(cost_usd, 0)) AS total_cost,
        sumIf(ifNull(cost_usd, 0), mode = 'batch') AS batch_cost,
        total_input_tokens + total_cache_creation_input_tokens + total_cache_read_input_tokens AS total_input
    FROM llm_usage FINAL
    WHERE toStartOfHour(ts) >= toStartOfHour({from:DateTime}) AND toStartOfHour(ts) < {to:DateTime}
        AND ({anyTenant:UInt32} = 1 OR tenant = {tenant:String})
        AND ({anyFeature:UInt32} = 1 OR feature = {feature:String})
    GROUP BY day, task_type, tier, model, role
) AS daily
ORDER BY day, task_type, tier, model, role
