-- tier-mix: each task type's share of calls per tier in a window against its trailing
-- baseline. A jump in the powerful tier's share is the routing-bug signal ("a spike in Opus
-- usage usually means a routing bug").
--
-- Parameters:
--   {from:DateTime}, {to:DateTime}   the window: hours that start in [from, to)
--   {baselineHours:UInt32}           the baseline: that many hours before the window
--   {threshold:Float64}              flag when the powerful share rose by at least this (0.10 = 10 points)
--   {minCalls:UInt32}                ... and the window has at least this many calls of the task type
-- Only routed calls count (roles primary and fallback); shadow and judge calls are evaluation.
-- flagged is 1 on the powerful tier's row of a flagged task type, else 0.
SELECT
    task_type,
    tier,
    window_calls,
    window_total,
    if(window_total = 0, 0, window_calls / window_total) AS window_share,
    baseline_calls,
    baseline_total,
    if(baseline_total = 0, 0, baseline_calls / baseline_total) AS baseline_share,
    window_share - baseline_share AS share_change,
    tier = 'powerful' AND baseline_total > 0 AND window_total >= {minCalls:UInt32}
        AND window_share - baseline_share >= {threshold:Float64} AS flagged
FROM
(
    SELECT
        task_type,
        tier,
        sumIf(calls, hour >= toStartOfHour({from:DateTime})) AS window_calls,
        sumIf(calls, hour < toStartOfHour({from:DateTime})) AS baseline_calls
    FROM llm_usage_hourly
    WHERE role IN ('primary', 'fallback')
        AND hour >= toStartOfHour({from:DateTime}) - {baselineHours:UInt32} * 3600
        AND hour < {to:DateTime}
    GROUP BY task_type, tier
) AS per_tier
ANY LEFT JOIN
(
    SELECT
        task_type,
        sumIf(calls, hour >= toStartOfHour({from:DateTime})) AS window_total,
        sumIf(calls, hour < toStartOfHour({from:DateTime})) AS baseline_total
    FROM llm_usage_hourly
    WHERE role IN ('primary', 'fallback')
        AND hour >= toStartOfHour({from:DateTime}) - {baselineHours:UInt32} * 3600
        AND hour < {to:DateTime}
    GROUP BY task_type
) AS per_type USING task_type
ORDER BY task_type, tier
