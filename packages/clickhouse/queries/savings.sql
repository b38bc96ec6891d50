-- savings: the article's "Results in Production" table. Per task type: the model the team used
-- before Switchyard (its baseline), the models the router chose, what the same tokens would
-- have cost on the baseline model, and the quality seen in shadow comparisons.
--
-- Parameters:
--   {from:DateTime}, {to:DateTime}   calls with ts in [from, to)
--   {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}
--        (model, input, output, cache write (5 minutes), cache read), USD per million tokens
--   {baselines:Array(Tuple(String, String))}   (task type, baseline model)
-- Routed calls are roles primary and fallback. actual_cost_usd sums their recorded cost;
-- baseline_cost_usd prices the same calls' tokens (those with a recorded cost) at the baseline
-- model's prices, so cost_change_percent compares like with like. evaluation_cost_usd is what
-- shadow re-runs and judges cost (roles shadow and judge), shown apart from the routed cost.
-- quality_change comes from llm_shadow: the share of comparisons whose verdict was agree.
-- runReport adds each tier's share of calls and a final row for all task types together.
SELECT
    task_type,
    baseline_model,
    routed_models,
    calls,
    fast_calls,
    standard_calls,
    powerful_calls,
    round(actual_cost, 6) AS actual_cost_usd,
    if(baseline_price_index = 0, NULL, round(baseline_cost, 6)) AS baseline_cost_usd,
    if(baseline_price_index = 0 OR baseline_cost = 0, NULL,
        round(100 * (actual_cost / baseline_cost - 1), 1)) AS cost_change_percent,
    if(shadow_samples = 0, 'no data',
        concat('agreement ', toString(round(100 * shadow_agreements / shadow_samples, 1)), '% (n=', toString(shadow_samples), ')')) AS quality_change,
    shadow_samples,
    shadow_agreements,
    round(evaluation_cost, 6) AS evaluation_cost_usd,
    unpriced_calls
FROM
(
    SELECT
        *,
        {baselines:Array(Tuple(String, String))}[indexOf(arrayMap(b -> b.1, {baselines:Array(Tuple(String, String))}), task_type)].2 AS baseline_model,
        indexOf(arrayMap(p -> p.1, {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}), baseline_model) AS baseline_price_index,
        {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}[baseline_price_index] AS baseline_price,
        (priced_input_tokens * baseline_price.2
            + priced_output_tokens * baseline_price.3
            + priced_cache_creation_input_tokens * baseline_price.4
            + priced_cache_read_input_tokens * baseline_price.5) / 1000000 AS baseline_cost
    FROM
    (
        SELECT *
        FROM
        (
            SELECT
                task_type,
                arraySort(groupUniqArray(model)) AS routed_models,
                count() AS calls,
                countIf(tier = 'fast') AS fast_calls,
                countIf(tier = 'standard') AS standard_calls,
                countIf(tier = 'powerful') AS powerful_calls,
                countIf(isNull(cost_usd)) AS unpriced_calls,
                sum(ifNull(cost_usd, 0)) AS actual_cost,
                sumIf(input_tokens, isNotNull(cost_usd)) AS priced_input_tokens,
                sumIf(output_tokens, isNotNull(cost_usd)) AS priced_output_tokens,
                sumIf(cache_creation_input_tokens, isNotNull(cost_usd)) AS priced_cache_creation_input_tokens,
                sumIf(cache_read_input_tokens, isNotNull(cost_usd)) AS priced_cache_read_input_tokens
            FROM llm_usage FINAL
            WHERE ts >= {from:DateTime} AND ts < {to:DateTime} AND role IN ('primary', 'fallback')
            GROUP BY task_type
        ) AS routed
        ANY LEFT JOIN
        (
            SELECT task_type, sum(ifNull(cost_usd, 0)) AS evaluation_cost
            FROM llm_usage FINAL
            WHERE ts >= {from:DateTime} AND ts < {to:DateTime} AND role IN ('shadow', 'judge')
            GROUP BY task_type
        ) AS evaluation USING task_type
    ) AS routed_with_evaluation
    ANY LEFT JOIN
    (
        SELECT task_type, countIf(verdict != 'shadow_failed') AS shadow_samples, countIf(verdict = 'agree') AS shadow_agreements
        FROM llm_shadow FINAL
        WHERE ts >= {from:DateTime} AND ts < {to:DateTime}
        GROUP BY task_type
    ) AS quality USING task_type
) AS priced
ORDER BY task_type
