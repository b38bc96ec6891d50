-- savings: the article's "Results in Production" table. Per task type: the model the team used
-- before Switchyard (its baseline), the models the router chose, what the same tokens would
-- have cost on the baseline model, and the quality seen in shadow comparisons.
--
-- Parameters:
--   {from:DateTime}, {to:DateTime}   calls with ts in [from, to)
--   {prices:Array(Tuple(String, UInt32, UInt32, Float64, Float64, Float64, Float64))}
--        (model, in force from (Unix seconds), above prompt tokens (0: the base rates), input,
--        output, cache write (5 minutes), cache read), USD per million tokens, ordered by model,
--        in force from, then threshold; a model's first entry in force from 0
--   {baselines:Array(Tuple(String, String))}   (task type, baseline model)
-- Routed calls are roles primary and fallback. actual_cost_usd sums their recorded cost (the
-- prices in force when they were ingested); baseline_cost_usd prices each of those calls (the
-- ones with a recorded cost) at the baseline model's entry in force at the call's time, and at
-- its long-context band when the call's prompt (input + cache writes + cache reads) is above the
-- band's threshold: the last matching element of the ordered prices. Cache writes are priced at
-- the 5-minute rate (llm_usage does not split them). cost_change_percent compares like with like.
-- evaluation_cost_usd is what shadow re-runs and judges cost (roles shadow and judge), shown
-- apart from the routed cost. quality_change comes from llm_shadow: the share of comparisons
-- whose verdict was agree. runReport adds each tier's share of calls and a final row for all
-- task types together.
SELECT
    task_type,
    baseline_model,
    routed_models,
    calls,
    fast_calls,
    standard_calls,
    powerful_calls,
    round(actual_cost, 6) AS actual_cost_usd,
    if(baseline_priced = 0, NULL, round(baseline_cost, 6)) AS baseline_cost_usd,
    if(baseline_priced = 0 OR baseline_cost = 0, NULL,
        round(100 * (actual_cost / baseline_cost - 1), 1)) AS cost_change_percent,
    if(shadow_samples = 0, 'no data',
        concat('agreement ', toString(round(100 * shadow_agreements / shadow_samples, 1)), '% (n=', toString(shadow_samples), ')')) AS quality_change,
    shadow_samples,
    shadow_agreements,
    round(evaluation_cost, 6) AS evaluation_cost_usd,
    unpriced_calls
FROM
(
    SELECT *
    FROM
    (
        SELECT
            task_type,
            any(call_baseline_model) AS baseline_model,
            max(call_baseline_priced) AS baseline_priced,
            arraySort(groupUniqArray(model)) AS routed_models,
            count() AS calls,
            countIf(tier = 'fast') AS fast_calls,
            countIf(tier = 'standard') AS standard_calls,
            countIf(tier = 'powerful') AS powerful_calls,
            countIf(isNull(cost_usd)) AS unpriced_calls,
            sum(ifNull(cost_usd, 0)) AS actual_cost,
            sumIf(call_baseline_cost, isNotNull(cost_usd)) AS baseline_cost
        FROM
        (
            SELECT
                task_type,
                tier,
                model,
                cost_usd,
                {baselines:Array(Tuple(String, String))}[indexOf(arrayMap(b -> b.1, {baselines:Array(Tuple(String, String))}), task_type)].2 AS call_baseline_model,
                has(arrayMap(p -> p.1, {prices:Array(Tuple(String, UInt32, UInt32, Float64, Float64, Float64, Float64))}), call_baseline_model) AS call_baseline_priced,
                input_tokens + cache_creation_input_tokens + cache_read_input_tokens AS prompt_tokens,
                toUInt32(ts) AS call_time,
                arrayFilter(p -> p.1 = call_baseline_model AND p.2 <= call_time AND (p.3 = 0 OR p.3 < prompt_tokens),
                    {prices:Array(Tuple(String, UInt32, UInt32, Float64, Float64, Float64, Float64))}) AS in_force,
                if(empty(in_force), tuple('', toUInt32(0), toUInt32(0), 0., 0., 0., 0.), in_force[length(in_force)]) AS call_price,
                (input_tokens * call_price.4
                    + output_tokens * call_price.5
                    + cache_creation_input_tokens * call_price.6
                    + cache_read_input_tokens * call_price.7) / 1000000 AS call_baseline_cost
            FROM llm_usage FINAL
            WHERE ts >= {from:DateTime} AND ts < {to:DateTime} AND role IN ('primary', 'fallback')
        ) AS routed_calls
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
ORDER BY task_type
