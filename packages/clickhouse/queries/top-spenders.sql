-- top-spenders: cost by feature and tenant (from the task's metadata; '' when absent), all
-- roles, largest first.
--
-- Parameters: {from:DateTime}, {to:DateTime} (hours that start in [from, to)) and
-- {limit:UInt32}, the number of rows. cost_share is the share of all cost in the period.
SELECT
    feature,
    tenant,
    total_calls AS calls,
    total_tokens AS tokens,
    round(total_cost, 6) AS cost_usd,
    round(total_cost / greatest(
        (
            SELECT sum(priced_cost_usd)
            FROM llm_usage_hourly_by_tenant
            WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
        ), 1e-12), 4) AS cost_share,
    task_types
FROM
(
    SELECT
        feature,
        tenant,
        sum(calls) AS total_calls,
        sum(input_tokens) + sum(output_tokens) + sum(cache_creation_input_tokens) + sum(cache_read_input_tokens) AS total_tokens,
        sum(priced_cost_usd) AS total_cost,
        arraySort(groupUniqArray(task_type)) AS task_types
    FROM llm_usage_hourly_by_tenant
    WHERE hour >= toStartOfHour({from:DateTime}) AND hour < {to:DateTime}
    GROUP BY feature, tenant
) AS spenders
ORDER BY total_cost DESC, feature, tenant
LIMIT {limit:UInt32}
