import { formatClickHouseDateTime, quoteLiteral, type ClickHouseStore } from "@switchyard/clickhouse";
import type { Tier } from "@switchyard/contracts";
import type { PairRow, RoutedTierRow } from "./compute-what-if";

/** The window's routed calls per task type and tier, and its shadow and guard pairs, each counted once (FINAL). */
export async function readWhatIfData(store: ClickHouseStore, window: { from: Date; to: Date }): Promise<{ routed: RoutedTierRow[]; pairs: PairRow[] }> {
  const range = `ts >= toDateTime(${quoteLiteral(formatClickHouseDateTime(window.from))}, 'UTC') AND ts < toDateTime(${quoteLiteral(formatClickHouseDateTime(window.to))}, 'UTC')`;
  const routed = await store.query<Record<string, unknown>>(
    [
      // Aliases differ from column names: 18.16 reads a column name that is also an alias as the alias.
      "SELECT task_type, tier, uniqExact(task_id) AS tasks, sum(ifNull(cost_usd, 0)) AS paid_usd,",
      "  sum(input_tokens) AS sum_input, sum(output_tokens) AS sum_output,",
      "  sum(cache_creation_input_tokens) AS sum_cache_write, sum(cache_read_input_tokens) AS sum_cache_read",
      "FROM llm_usage FINAL",
      `WHERE ${range} AND role IN ('primary', 'fallback')`,
      "GROUP BY task_type, tier ORDER BY task_type, tier",
    ].join("\n"),
  );
  const pairs = await store.query<Record<string, unknown>>(
    [
      "SELECT task_type, original_tier, shadow_tier, count() AS samples, countIf(verdict = 'agree') AS agreements,",
      "  countIf(isNotNull(original_cost_usd) AND isNotNull(shadow_cost_usd)) AS priced_pairs,",
      "  sumIf(ifNull(original_cost_usd, 0), isNotNull(original_cost_usd) AND isNotNull(shadow_cost_usd)) AS sum_original_usd,",
      "  sumIf(ifNull(shadow_cost_usd, 0), isNotNull(original_cost_usd) AND isNotNull(shadow_cost_usd)) AS sum_shadow_usd",
      "FROM llm_shadow FINAL",
      `WHERE ${range}`,
      "GROUP BY task_type, original_tier, shadow_tier ORDER BY task_type, original_tier, shadow_tier",
    ].join("\n"),
  );
  return {
    routed: routed.map((row) => ({
      taskType: String(row.task_type),
      tier: row.tier as Tier,
      tasks: Number(row.tasks),
      costUsd: Number(row.paid_usd),
      usage: {
        inputTokens: Number(row.sum_input),
        outputTokens: Number(row.sum_output),
        cacheCreationInputTokens: Number(row.sum_cache_write),
        cacheReadInputTokens: Number(row.sum_cache_read),
      },
    })),
    pairs: pairs.map((row) => ({
      taskType: String(row.task_type),
      originalTier: row.original_tier as Tier,
      shadowTier: row.shadow_tier as Tier,
      samples: Number(row.samples),
      agreements: Number(row.agreements),
      pricedPairs: Number(row.priced_pairs),
      originalCostUsd: Number(row.sum_original_usd),
      shadowCostUsd: Number(row.sum_shadow_usd),
    })),
  };
}
