-- lineup-savings: what the routed calls of a window cost on a given lineup (one model price per
-- tier), against every call on the baseline tier's model: the router's cut on that lineup.
--
-- Parameters:
--   {from:DateTime}, {to:DateTime}   calls with ts in [from, to)
--   {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}
--        (tier, input, output, cache write (5 minutes), cache read), USD per million tokens
--   {baselineTier:String}   the tier everything ran on before routing (default powerful)
-- Each routed call (roles primary and fallback, counted once with FINAL) keeps its tier and its
-- token counts; only the prices are the lineup's, so runs on older models can be priced on
-- today's. Shadow and guard pairs of the window come alongside: shadow pairs are judged before
-- a move (the answer's tier against the cheaper one), guard pairs after it (the new tier
-- against the tier it left). runReport adds the overall row.
SELECT
    task_type,
    calls,
    fast_calls,
    standard_calls,
    powerful_calls,
    lineup_cost_usd,
    baseline_cost_usd,
    if(baseline_cost_usd = 0, NULL, round(100 * (lineup_cost_usd / baseline_cost_usd - 1), 1)) AS cost_change_percent,
    shadow_samples,
    shadow_agreements,
    guard_samples,
    guard_agreements
FROM
(
    SELECT
        task_type,
        sum(tier_calls) AS calls,
        sumIf(tier_calls, tier = 'fast') AS fast_calls,
        sumIf(tier_calls, tier = 'standard') AS standard_calls,
        sumIf(tier_calls, tier = 'powerful') AS powerful_calls,
        round(sum(tier_cost), 6) AS lineup_cost_usd,
        round(sum(baseline_cost), 6) AS baseline_cost_usd
    FROM
    (
        SELECT
            task_type,
            tier,
            tier_calls,
            {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}[indexOf(arrayMap(p -> p.1, {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}), tier)] AS tier_price,
            {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}[indexOf(arrayMap(p -> p.1, {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}), {baselineTier:String})] AS baseline_price,
            (tier_input * tier_price.2 + tier_output * tier_price.3 + tier_cache_write * tier_price.4 + tier_cache_read * tier_price.5) / 1000000 AS tier_cost,
            (tier_input * baseline_price.2 + tier_output * baseline_price.3 + tier_cache_write * baseline_price.4 + tier_cache_read * baseline_price.5) / 1000000 AS baseline_cost
        FROM
        (
            SELECT
                task_type,
                tier,
                count() AS tier_calls,
                sum(input_tokens) AS tier_input,
                sum(output_tokens) AS tier_output,
                sum(cache_creation_input_tokens) AS tier_cache_write,
                sum(cache_read_input_tokens) AS tier_cache_read
            FROM llm_usage FINAL
            WHERE ts >= {from:DateTime} AND ts < {to:DateTime} AND role IN ('primary', 'fallback')
            GROUP BY task_type, tier
        ) AS by_tier
    ) AS priced
    GROUP BY task_type
) AS routed
ANY LEFT JOIN
(
    SELECT
        task_type,
        countIf(phase = 'shadow') AS shadow_samples,
        countIf(phase = 'shadow' AND verdict = 'agree') AS shadow_agreements,
        countIf(phase = 'guard') AS guard_samples,
        countIf(phase = 'guard' AND verdict = 'agree') AS guard_agreements
    FROM llm_shadow FINAL
    WHERE ts >= {from:DateTime} AND ts < {to:DateTime}
    GROUP BY task_type
) AS pairs USING task_type
ORDER BY task_type
