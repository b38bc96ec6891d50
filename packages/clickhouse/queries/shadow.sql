-- shadow: per task type and tier pair, how often the cheaper tier's answer agreed with the
-- original, and what moving down would save.
--
-- Parameters: {from:DateTime}, {to:DateTime}: comparisons and calls with ts in [from, to).
-- samples counts comparisons where the cheaper tier answered (each once, however often it was
-- evaluated); shadow_failures, the comparisons where the cheaper tier failed (an outage, a
-- rate limit), are counted apart: a failed call says nothing about the quality of its answers,
-- so it is neither an agreement nor a disagreement.
-- saving_per_1000_tasks_usd is 1,000 x the mean of (original cost - shadow cost) over the
-- answered comparisons with both costs; window_tasks is the task type's volume on the original tier
-- in the period (distinct tasks with a primary call), projected_saving_usd the saving at it.
-- phase keeps pre-move pairs ('shadow': the answer's tier against the cheaper one) apart from
-- guard pairs after a move ('guard': the new tier's answer against a re-run on the tier it left).
-- runReport adds the 95% Wilson interval of the agreement rate and a recommendation.
SELECT
    task_type,
    phase,
    original_tier,
    shadow_tier,
    original_models,
    shadow_models,
    samples,
    agreements,
    shadow_failures,
    round(1000 * mean_saving_usd, 6) AS saving_per_1000_tasks_usd,
    window_tasks,
    round(mean_saving_usd * window_tasks, 6) AS projected_saving_usd
FROM
(
    SELECT
        task_type,
        phase,
        original_tier,
        shadow_tier,
        arraySort(groupUniqArray(original_model)) AS original_models,
        arraySort(groupUniqArray(shadow_model)) AS shadow_models,
        countIf(verdict != 'shadow_failed') AS samples,
        countIf(verdict = 'agree') AS agreements,
        countIf(verdict = 'shadow_failed') AS shadow_failures,
        countIf(verdict != 'shadow_failed' AND isNotNull(original_cost_usd) AND isNotNull(shadow_cost_usd)) AS priced_samples,
        if(priced_samples = 0, 0,
            sumIf(ifNull(original_cost_usd, 0) - ifNull(shadow_cost_usd, 0),
                verdict != 'shadow_failed' AND isNotNull(original_cost_usd) AND isNotNull(shadow_cost_usd)) / priced_samples) AS mean_saving_usd
    FROM llm_shadow FINAL
    WHERE ts >= {from:DateTime} AND ts < {to:DateTime}
    GROUP BY task_type, phase, original_tier, shadow_tier
) AS comparisons
ANY LEFT JOIN
(
    SELECT task_type, tier AS original_tier, uniqExact(task_id) AS window_tasks
    FROM llm_usage
    WHERE ts >= {from:DateTime} AND ts < {to:DateTime} AND role = 'primary'
    GROUP BY task_type, tier
) AS volume USING (task_type, original_tier)
ORDER BY task_type, phase DESC, original_tier, shadow_tier
