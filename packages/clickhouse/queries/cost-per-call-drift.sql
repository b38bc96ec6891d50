-- cost-per-call-drift: cost and input tokens per call for each task type, in a window against
-- its trailing baseline. A rise with an unchanged tier mix usually means prompts grew.
--
-- Parameters:
--   {from:DateTime}, {to:DateTime}   the window: hours that start in [from, to)
--   {baselineHours:UInt32}           the baseline: that many hours before the window
--   {threshold:Float64}              flag when cost per call rose by at least this share (0.2 = +20%)
--   {minCalls:UInt32}                ... and both periods have at least this many priced calls
-- Only routed calls count (roles primary and fallback). Cost per call divides by the calls
-- that had a price. change is window / baseline - 1 (NULL without a baseline).
SELECT
    task_type,
    window_calls,
    if(window_priced_calls = 0, NULL, round(window_cost_usd / window_priced_calls, 8)) AS window_cost_per_call_usd,
    baseline_calls,
    if(baseline_priced_calls = 0, NULL, round(baseline_cost_usd / baseline_priced_calls, 8)) AS baseline_cost_per_call_usd,
    if(window_priced_calls = 0 OR baseline_priced_calls = 0 OR baseline_cost_usd = 0, NULL,
        round((window_cost_usd / window_priced_calls) / (baseline_cost_usd / baseline_priced_calls) - 1, 4)) AS cost_per_call_change,
    if(window_calls = 0, NULL, round(window_input_tokens / window_calls, 1)) AS window_input_tokens_per_call,
    if(baseline_calls = 0, NULL, round(baseline_input_tokens / baseline_calls, 1)) AS baseline_input_tokens_per_call,
    window_priced_calls >= {minCalls:UInt32} AND baseline_priced_calls >= {minCalls:UInt32} AND baseline_cost_usd > 0
        AND (window_cost_usd / window_priced_calls) / (baseline_cost_usd / baseline_priced_calls) - 1 >= {threshold:Float64} AS flagged
FROM
(
    SELECT
        task_type,
        sumIf(calls, hour >= toStartOfHour({from:DateTime})) AS window_calls,
        sumIf(priced_calls, hour >= toStartOfHour({from:DateTime})) AS window_priced_calls,
        sumIf(priced_cost_usd, hour >= toStartOfHour({from:DateTime})) AS window_cost_usd,
        sumIf(input_tokens, hour >= toStartOfHour({from:DateTime})) AS window_input_tokens,
        sumIf(calls, hour < toStartOfHour({from:DateTime})) AS baseline_calls,
        sumIf(priced_calls, hour < toStartOfHour({from:DateTime})) AS baseline_priced_calls,
        sumIf(priced_cost_usd, hour < toStartOfHour({from:DateTime})) AS baseline_cost_usd,
        sumIf(input_tokens, hour < toStartOfHour({from:DateTime})) AS baseline_input_tokens
    FROM llm_usage_hourly
    WHERE role IN ('primary', 'fallback')
        AND hour >= toStartOfHour({from:DateTime}) - {baselineHours:UInt32} * 3600
        AND hour < {to:DateTime}
    GROUP BY task_type
) AS periods
ORDER BY task_type
