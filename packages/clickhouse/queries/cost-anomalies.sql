-- cost-anomalies: hours whose cost for one model, or for one task type, lies more than k
-- standard deviations from the same key's trailing baseline.
--
-- Parameters:
--   {from:DateTime}, {to:DateTime}   the hours examined: those that start in [from, to)
--   {baselineHours:UInt32}           each hour's baseline: the key's hours in the baselineHours before it
--   {k:Float64}                      how many (population) standard deviations count as an anomaly
--   {minBaselineHours:UInt32}        hours with fewer baseline hours than this are not judged
-- The baseline is made of the hours in which the key had calls (an idle hour is not a zero).
-- A baseline with no spread (stddev 0) flags any different cost; z_score is then NULL.
-- ClickHouse 18.16 has no window functions: each key's hourly series is collected into an
-- array, and every examined hour's baseline is filtered out of it.
SELECT
    dimension,
    key,
    hour,
    round(hour_cost, 6) AS cost_usd,
    baseline_hours,
    round(baseline_mean, 6) AS baseline_mean_usd,
    round(baseline_stddev, 6) AS baseline_stddev_usd,
    if(baseline_stddev = 0, NULL, round((hour_cost - baseline_mean) / baseline_stddev, 2)) AS z_score
FROM
(
    SELECT
        dimension,
        key,
        arrayJoin(arrayFilter(point -> point.1 >= toStartOfHour({from:DateTime}), series)) AS point,
        point.1 AS hour,
        point.2 AS hour_cost,
        arrayMap(p -> p.2, arrayFilter(p -> p.1 < hour AND p.1 >= hour - {baselineHours:UInt32} * 3600, series)) AS baseline,
        length(baseline) AS baseline_hours,
        if(baseline_hours = 0, 0, arraySum(baseline) / baseline_hours) AS baseline_mean,
        if(baseline_hours = 0, 0,
            sqrt(arraySum(x -> (x - baseline_mean) * (x - baseline_mean), baseline) / baseline_hours)) AS baseline_stddev
    FROM
    (
        SELECT 'model' AS dimension, model AS key, groupArray((hour, cost)) AS series
        FROM
        (
            SELECT model, hour, sum(priced_cost_usd) AS cost
            FROM llm_usage_hourly
            WHERE hour >= toStartOfHour({from:DateTime}) - {baselineHours:UInt32} * 3600 AND hour < {to:DateTime}
            GROUP BY model, hour
        ) AS model_hours
        GROUP BY model
        UNION ALL
        SELECT 'task_type' AS dimension, task_type AS key, groupArray((hour, cost)) AS series
        FROM
        (
            SELECT task_type, hour, sum(priced_cost_usd) AS cost
            FROM llm_usage_hourly
            WHERE hour >= toStartOfHour({from:DateTime}) - {baselineHours:UInt32} * 3600 AND hour < {to:DateTime}
            GROUP BY task_type, hour
        ) AS task_type_hours
        GROUP BY task_type
    ) AS series_by_key
) AS judged
WHERE baseline_hours >= {minBaselineHours:UInt32}
    AND abs(hour_cost - baseline_mean) > {k:Float64} * baseline_stddev
ORDER BY hour, dimension, key
