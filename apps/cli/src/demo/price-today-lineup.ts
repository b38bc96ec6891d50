import { renderSqlTemplate, type ClickHouseStore } from "@switchyard/clickhouse";
import { TIERS, type Tier } from "@switchyard/contracts";
import type { PricingCatalog } from "@switchyard/llm";

export interface TodayRow {
  taskType: string;
  calls: number;
  /** The routed tokens on today's model of the tier each call was routed to. */
  routedCostUsd: number;
  /** The same tokens, every call on today's Opus. */
  allPowerfulCostUsd: number;
  costChangePercent: number | null;
}

export interface TodayLineup {
  models: Record<Tier, string>;
  pricedAt: string;
  rows: TodayRow[];
  overall: TodayRow;
}

// Routed calls grouped by what their price depends on: type, tier, the four token counts.
const ROUTED_TOKENS_SQL = `
SELECT task_type, tier, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, count() AS calls
FROM llm_usage FINAL
WHERE ts >= {from:DateTime} AND ts < {to:DateTime} AND role IN ('primary', 'fallback') AND isNotNull(cost_usd)
GROUP BY task_type, tier, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens
ORDER BY task_type, tier`;

/** Routed calls grouped by their token counts: what the lineup reprices. */
export interface RoutedTokenRow {
  task_type: string;
  tier: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  calls: number;
}

/**
 * The demo's workload priced on today's lineup: each routed call's tokens on
 * the model its tier defaults to now, against the same tokens all on today's
 * powerful model, with the book's entries in force at `pricedAt` (bands
 * included). Calls whose recorded cost was null are left out, as in savings.
 */
export async function priceTodayLineup(
  store: ClickHouseStore,
  period: { from: Date; to: Date },
  options: { models: Readonly<Record<Tier, string>>; pricing: PricingCatalog; pricedAt: Date },
): Promise<TodayLineup> {
  const rows = await store.query<RoutedTokenRow>(renderSqlTemplate(ROUTED_TOKENS_SQL, period));
  const byType = new Map<string, TodayRow>();
  for (const row of rows) {
    const tier = TIERS.find((candidate) => candidate === row.tier) ?? "powerful";
    const usage = {
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      cacheCreationInputTokens: Number(row.cache_creation_input_tokens),
      cacheReadInputTokens: Number(row.cache_read_input_tokens),
    };
    const calls = Number(row.calls);
    const summary = byType.get(row.task_type) ?? { taskType: row.task_type, calls: 0, routedCostUsd: 0, allPowerfulCostUsd: 0, costChangePercent: null };
    summary.calls += calls;
    summary.routedCostUsd += calls * (options.pricing.costOf(options.models[tier], usage, options.pricedAt) ?? Number.NaN);
    summary.allPowerfulCostUsd += calls * (options.pricing.costOf(options.models.powerful, usage, options.pricedAt) ?? Number.NaN);
    byType.set(row.task_type, summary);
  }
  const summaries = [...byType.values()].map(withChange);
  const overall = withChange(
    summaries.reduce(
      (total, row) => ({
        ...total,
        calls: total.calls + row.calls,
        routedCostUsd: total.routedCostUsd + row.routedCostUsd,
        allPowerfulCostUsd: total.allPowerfulCostUsd + row.allPowerfulCostUsd,
      }),
      { taskType: "(all)", calls: 0, routedCostUsd: 0, allPowerfulCostUsd: 0, costChangePercent: null } as TodayRow,
    ),
  );
  return { models: { ...options.models }, pricedAt: options.pricedAt.toISOString(), rows: summaries, overall };
}

function withChange(row: TodayRow): TodayRow {
  const valid = Number.isFinite(row.routedCostUsd) && Number.isFinite(row.allPowerfulCostUsd) && row.allPowerfulCostUsd > 0;
  return {
    ...row,
    routedCostUsd: round(row.routedCostUsd, 6),
    allPowerfulCostUsd: round(row.allPowerfulCostUsd, 6),
    costChangePercent: valid ? round(100 * (row.routedCostUsd / row.allPowerfulCostUsd - 1), 1) + 0 : null,
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
