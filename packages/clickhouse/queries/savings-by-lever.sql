-- savings-by-lever: per task type, what each cost lever saved. The same routed calls are priced
-- four ways, all from their recorded tokens:
--   baseline  every input token (cache writes and reads included) at the baseline model's list
--             price: no routing, no batches, no cache;
--   list      the same uncached tokens at the price of the model the router chose;
--   actual    the recorded cost (batch rate, cache write and read prices);
--   batch     what the batch calls would have cost synchronously: their cost / the batch factor.
-- routing_saving = baseline - list; batching_saving = batch cost / factor - batch cost;
-- caching_saving = list - actual - batching_saving (cache writes cost more than input, so it is
-- negative when nothing was read back); the three add up to total_saving = baseline - actual.
--
-- Parameters:
--   {from:DateTime}, {to:DateTime}   calls with ts in [from, to)
--   {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}
--        (model, input, output, cache write (5 minutes), cache read), USD per million tokens
--   {baselines:Array(Tuple(String, String))}   (task type, baseline model)
--   {batchFactor:Float64}   the share of the list price a batch call pays (0.5)
-- Routed calls are roles primary and fallback whose cost is recorded and whose model is priced.
SELECT
    task_type,
    baseline_model,
    total_calls AS calls,
    total_batch_calls AS batch_calls,
    round(actual_cost, 9) AS actual_cost_usd,
    if(baseline_price_index = 0, NULL, round(baseline_cost, 9)) AS baseline_cost_usd,
    if(baseline_price_index = 0, NULL, round(baseline_cost - list_cost, 9)) AS routing_saving_usd,
    round(batch_saving, 9) AS batching_saving_usd,
    round(list_cost - actual_cost - batch_saving, 9) AS caching_saving_usd,
    if(baseline_price_index = 0, NULL, round(baseline_cost - actual_cost, 9)) AS total_saving_usd,
    if(all_input_tokens = 0, 0, round(read_tokens / all_input_tokens, 4)) AS cache_read_share
FROM
(
    SELECT
        *,
        {baselines:Array(Tuple(String, String))}[indexOf(arrayMap(b -> b.1, {baselines:Array(Tuple(String, String))}), task_type)].2 AS baseline_model,
        indexOf(arrayMap(p -> p.1, {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}), baseline_model) AS baseline_price_index,
        {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}[baseline_price_index] AS baseline_price,
        (all_input_tokens * baseline_price.2 + all_output_tokens * baseline_price.3) / 1000000 AS baseline_cost
    FROM
    (
        SELECT
            task_type,
            count() AS total_calls,
            countIf(call_mode = 'batch') AS total_batch_calls,
            sum(call_cost) AS actual_cost,
            sum(call_input) AS all_input_tokens,
            sum(call_output) AS all_output_tokens,
            sum(call_read) AS read_tokens,
            sum((call_input * call_price.2 + call_output * call_price.3) / 1000000) AS list_cost,
            sumIf(call_cost * (1 / {batchFactor:Float64} - 1), call_mode = 'batch') AS batch_saving
        FROM
        (
            SELECT
                task_type,
                mode AS call_mode,
                assumeNotNull(cost_usd) AS call_cost,
                input_tokens + cache_creation_input_tokens + cache_read_input_tokens AS call_input,
                output_tokens AS call_output,
                cache_read_input_tokens AS call_read,
                {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}[indexOf(arrayMap(p -> p.1, {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}), model)] AS call_price
            FROM llm_usage FINAL
            WHERE ts >= {from:DateTime} AND ts < {to:DateTime} AND role IN ('primary', 'fallback') AND isNotNull(cost_usd)
                AND indexOf(arrayMap(p -> p.1, {prices:Array(Tuple(String, Float64, Float64, Float64, Float64))}), model) > 0
        ) AS calls
        GROUP BY task_type
    ) AS per_type
) AS levers
ORDER BY task_type
