import { recommendShadowMove, runReport, type ClickHouseStore, type ReportRow } from "@switchyard/clickhouse";
import { TIERS, type Tier } from "@switchyard/contracts";
import { createPricingCatalog } from "@switchyard/llm";
import { DEFAULT_TIER_MODELS, type RoutingConfig } from "@switchyard/routing";
import { configuredReportParameters } from "../reports/build-report-parameters";
import { ARTICLE_COST_CHANGES, ARTICLE_OVERALL_CHANGE } from "./demo-configuration";
import { priceTodayLineup, type TodayLineup } from "./price-today-lineup";

export interface TierSummary {
  tier: Tier;
  model: string;
  requests: number;
  share: number;
  costUsd: number;
}

export interface RoutingSummary {
  tiers: TierSummary[];
  total: { requests: number; costUsd: number };
  /** Shadow re-runs and judge calls: the cost of evaluation, apart from the routed cost. */
  evaluation: { calls: number; costUsd: number };
}

export interface ShadowRecommendation {
  taskType: string;
  originalTier: string;
  shadowTier: string;
  samples: number;
  agreements: number;
  agreementRate: number | null;
  agreementLower95: number;
  agreementUpper95: number;
  moveDown: boolean;
  recommendation: string;
}

export interface SavingsRow {
  taskType: string;
  baselineModel: string;
  routedModels: string[];
  calls: number;
  actualCostUsd: number;
  baselineCostUsd: number | null;
  costChangePercent: number | null;
  qualityChange: string;
  shadowSamples: number;
  evaluationCostUsd: number;
  /** The article's figure for this row, when it has one. */
  articleCostChangePercent: number | null;
}

export interface DemoReport {
  period: { from: string; to: string };
  routing: RoutingSummary;
  shadow: { target: number; minSamples: number; recommendations: ShadowRecommendation[] };
  anomalies: { k: number; findings: ReportRow[] };
  savings: { rows: SavingsRow[]; overall: SavingsRow | null; tierShares: Record<Tier, number> };
  /** The same routed tokens on today's default lineup, against all of them on today's Opus. */
  today: TodayLineup;
  /** The saving of each lever (report savings-by-lever), per task type and in total. */
  levers: { rows: LeverRow[]; total: LeverRow };
}

export interface LeverRow {
  taskType: string;
  calls: number;
  batchCalls: number;
  actualCostUsd: number;
  baselineCostUsd: number;
  routingSavingUsd: number;
  batchingSavingUsd: number;
  cachingSavingUsd: number;
  totalSavingUsd: number;
  cacheReadShare: number;
}

// The article's row order; other task types follow alphabetically.
const ARTICLE_ORDER = ["keyword_relevance", "campaign_summary", "account_strategy", "data_extraction"];
const SHADOW_TARGET = 0.95;
const SHADOW_MIN_SAMPLES = 100;
const ANOMALY_K = 3;

/**
 * Everything the demo prints at the end, read back from ClickHouse through
 * the shipped reports: routing summary (cost-by-day), shadow recommendations
 * (shadow), anomaly check (cost-anomalies) and the article's table (savings).
 */
export async function buildDemoReport(store: ClickHouseStore, routing: RoutingConfig, period: { from: Date; to: Date }): Promise<DemoReport> {
  const range = { from: period.from, to: period.to };
  const [costByDay, shadow, anomalies, savings] = [
    await runReport(store, "cost-by-day", range),
    await runReport(store, "shadow", { ...range, target: SHADOW_TARGET, minSamples: SHADOW_MIN_SAMPLES }),
    await runReport(store, "cost-anomalies", { ...range, k: ANOMALY_K }),
    await runReport(store, "savings", { ...range, ...configuredReportParameters("savings", routing) }),
  ];
  const levers = await runReport(store, "savings-by-lever", { ...range, ...configuredReportParameters("savings", routing) });
  const today = await priceTodayLineup(store, range, {
    models: DEFAULT_TIER_MODELS,
    pricing: createPricingCatalog({ overrides: routing.pricing }),
    pricedAt: period.to,
  });
  const savingsRows = savings.rows.map(toSavingsRow);
  const overall = savingsRows.find((row) => row.taskType === "(all)") ?? null;
  const overallSource = savings.rows.find((row) => row.task_type === "(all)");
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    routing: summarizeRouting(costByDay.rows, routing),
    shadow: { target: SHADOW_TARGET, minSamples: SHADOW_MIN_SAMPLES, recommendations: shadow.rows.map(toRecommendation) },
    anomalies: { k: ANOMALY_K, findings: anomalies.rows },
    savings: {
      rows: savingsRows.filter((row) => row.taskType !== "(all)").sort(byArticleOrder),
      overall: overall ? { ...overall, articleCostChangePercent: ARTICLE_OVERALL_CHANGE } : null,
      tierShares: {
        fast: Number(overallSource?.fast_share ?? 0),
        standard: Number(overallSource?.standard_share ?? 0),
        powerful: Number(overallSource?.powerful_share ?? 0),
      },
    },
    levers: summarizeLevers(levers.rows),
    today: {
      ...today,
      rows: [...today.rows].sort((left, right) => rankOf(left.taskType) - rankOf(right.taskType) || left.taskType.localeCompare(right.taskType)),
    },
  };
}

function summarizeLevers(rows: readonly ReportRow[]): DemoReport["levers"] {
  const leverRows = rows.map((row): LeverRow => ({
    taskType: String(row.task_type),
    calls: Number(row.calls),
    batchCalls: Number(row.batch_calls),
    actualCostUsd: Number(row.actual_cost_usd),
    baselineCostUsd: Number(row.baseline_cost_usd ?? 0),
    routingSavingUsd: roundUsd(Number(row.routing_saving_usd ?? 0)),
    batchingSavingUsd: roundUsd(Number(row.batching_saving_usd)),
    cachingSavingUsd: roundUsd(Number(row.caching_saving_usd)),
    totalSavingUsd: Number(row.total_saving_usd ?? 0),
    cacheReadShare: Number(row.cache_read_share),
  }));
  const sum = (pick: (row: LeverRow) => number) => roundUsd(leverRows.reduce((total, row) => total + pick(row), 0));
  const total: LeverRow = {
    taskType: "(all)",
    calls: leverRows.reduce((total, row) => total + row.calls, 0),
    batchCalls: leverRows.reduce((total, row) => total + row.batchCalls, 0),
    actualCostUsd: sum((row) => row.actualCostUsd),
    baselineCostUsd: sum((row) => row.baselineCostUsd),
    routingSavingUsd: sum((row) => row.routingSavingUsd),
    batchingSavingUsd: sum((row) => row.batchingSavingUsd),
    cachingSavingUsd: sum((row) => row.cachingSavingUsd),
    totalSavingUsd: sum((row) => row.totalSavingUsd),
    cacheReadShare: 0,
  };
  return { rows: [...leverRows].sort((left, right) => ARTICLE_ORDER.indexOf(left.taskType) - ARTICLE_ORDER.indexOf(right.taskType)), total };
}

function summarizeRouting(rows: readonly ReportRow[], routing: RoutingConfig): RoutingSummary {
  const tiers = new Map<Tier, { requests: number; costUsd: number }>(TIERS.map((tier) => [tier, { requests: 0, costUsd: 0 }]));
  const evaluation = { calls: 0, costUsd: 0 };
  for (const row of rows) {
    const calls = Number(row.calls);
    const cost = Number(row.cost_usd);
    if (row.role === "shadow" || row.role === "judge") {
      evaluation.calls += calls;
      evaluation.costUsd += cost;
      continue;
    }
    const tier = tiers.get(row.tier as Tier);
    if (!tier) continue;
    tier.requests += calls;
    tier.costUsd += cost;
  }
  const total = [...tiers.values()].reduce((sum, tier) => ({ requests: sum.requests + tier.requests, costUsd: sum.costUsd + tier.costUsd }), {
    requests: 0,
    costUsd: 0,
  });
  return {
    tiers: TIERS.map((tier) => {
      const summary = tiers.get(tier) ?? { requests: 0, costUsd: 0 };
      return {
        tier,
        model: routing.models[tier],
        requests: summary.requests,
        costUsd: roundUsd(summary.costUsd),
        share: total.requests === 0 ? 0 : summary.requests / total.requests,
      };
    }),
    total: { requests: total.requests, costUsd: roundUsd(total.costUsd) },
    evaluation: { calls: evaluation.calls, costUsd: roundUsd(evaluation.costUsd) },
  };
}

// Sums of float costs: a millionth of a dollar is the finest figure the reports give.
function roundUsd(value: number): number {
  // + 0: a tiny negative float error rounds to -0, which prints as "-0.00".
  return Math.round(value * 1e6) / 1e6 + 0;
}

function toRecommendation(row: ReportRow): ShadowRecommendation {
  const samples = Number(row.samples);
  const agreements = Number(row.agreements);
  const shadowTier = String(row.shadow_tier);
  const decision = recommendShadowMove({
    samples,
    agreements,
    shadowTier,
    target: SHADOW_TARGET,
    minSamples: SHADOW_MIN_SAMPLES,
    shadowFailures: Number(row.shadow_failures),
  });
  return {
    taskType: String(row.task_type),
    originalTier: String(row.original_tier),
    shadowTier,
    samples,
    agreements,
    agreementRate: row.agreement_rate === null ? null : Number(row.agreement_rate),
    agreementLower95: Number(row.agreement_lower_95),
    agreementUpper95: Number(row.agreement_upper_95),
    moveDown: decision.moveDown,
    recommendation: String(row.recommendation),
  };
}

function toSavingsRow(row: ReportRow): SavingsRow {
  const taskType = String(row.task_type);
  return {
    taskType,
    baselineModel: String(row.baseline_model ?? ""),
    routedModels: Array.isArray(row.routed_models) ? row.routed_models.map(String) : [],
    calls: Number(row.calls),
    actualCostUsd: Number(row.actual_cost_usd),
    baselineCostUsd: row.baseline_cost_usd === null || row.baseline_cost_usd === undefined ? null : Number(row.baseline_cost_usd),
    // + 0 turns the -0 that rounding a tiny negative change gives into the 0 a reader expects.
    costChangePercent: row.cost_change_percent === null || row.cost_change_percent === undefined ? null : Number(row.cost_change_percent) + 0,
    qualityChange: String(row.quality_change ?? ""),
    shadowSamples: Number(row.shadow_samples ?? 0),
    evaluationCostUsd: Number(row.evaluation_cost_usd ?? 0),
    articleCostChangePercent: ARTICLE_COST_CHANGES[taskType] ?? null,
  };
}

function byArticleOrder(left: SavingsRow, right: SavingsRow): number {
  return rankOf(left.taskType) - rankOf(right.taskType) || left.taskType.localeCompare(right.taskType);
}

function rankOf(taskType: string): number {
  const index = ARTICLE_ORDER.indexOf(taskType);
  return index === -1 ? ARTICLE_ORDER.length : index;
}
