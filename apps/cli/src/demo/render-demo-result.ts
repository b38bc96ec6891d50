import { formatTable } from "../output/format-table";
import { formatCount, formatPercentChange, formatShare, formatUsd } from "../output/format-numbers";
import type { NextSteps } from "./build-next-steps";
import { ARTICLE_TIER_SHARES } from "./demo-configuration";
import type { DemoResult } from "./run-demo";
import { renderPolicyLoop } from "./render-policy-loop";

/** The demo's closing text: what ran, then the four sections, then what to do next. */
export function renderDemoResult(result: DemoResult, dataDirectory: string, nextSteps: NextSteps): string {
  const sections = [
    renderHeader(result, dataDirectory),
    renderRouting(result),
    renderShadow(result),
    renderAnomalies(result),
    renderSavings(result),
    renderLevers(result),
    renderToday(result),
    renderPolicyLoop(result.loop),
    renderNextSteps(nextSteps),
  ];
  if (result.deadLetters > 0) sections.splice(1, 0, `! ${formatCount(result.deadLetters)} messages went to the dead-letter topic: see the warnings above.\n`);
  if (result.results.error > 0) sections.splice(1, 0, `! ${formatCount(result.results.error)} tasks ended with an error result.\n`);
  return sections.join("\n");
}

function renderHeader(result: DemoResult, dataDirectory: string): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  return [
    `Switchyard demo: ${formatCount(result.tasks)} tasks through router, shadow and metrics sink in one process (${seconds} s); the article's tables below are phase 1's`,
    `  tiers         fast = ${result.models.fast}, standard = ${result.models.standard}, powerful = ${result.models.powerful} (the article's 2024 models and prices)`,
    `  models        simulator at ${result.simulator.url} through the Anthropic SDK, latency x${result.simulator.latencyScale}`,
    `  shadow rate   ${formatShare(result.shadowRate)} of standard and powerful tasks (the default is ${formatShare(result.defaultShadowRate)}; raised so that a short run collects enough samples)`,
    `  data folder   ${dataDirectory} (chDB)`,
    "",
  ].join("\n");
}

function renderRouting(result: DemoResult): string {
  const { routing } = result.report;
  const rows = routing.tiers.map((tier) => [tier.tier, tier.model, formatCount(tier.requests), formatShare(tier.share), formatUsd(tier.costUsd)]);
  rows.push(["total", "", formatCount(routing.total.requests), "", formatUsd(routing.total.costUsd)]);
  const table = formatTable(
    [{ header: "tier" }, { header: "model" }, { header: "requests", align: "right" }, { header: "share", align: "right" }, { header: "cost", align: "right" }],
    rows,
    "  ",
  );
  return [
    "Routing summary (routed calls in llm_usage, all three phases)",
    table.trimEnd(),
    `  evaluation: ${formatCount(routing.evaluation.calls)} shadow and judge calls, ${formatUsd(routing.evaluation.costUsd)} (not in the routed cost)`,
    "",
  ].join("\n");
}

function renderShadow(result: DemoResult): string {
  const { shadow } = result.report;
  const heading = `Shadow recommendations (report shadow: move down when the 95% lower bound of agreement is >= ${formatShare(shadow.target)} on >= ${shadow.minSamples} samples)`;
  if (shadow.recommendations.length === 0) return `${heading}\n  no shadow comparisons in this run\n`;
  const rows = shadow.recommendations.map((row) => [
    row.taskType,
    `${row.originalTier} -> ${row.shadowTier}`,
    formatCount(row.samples),
    row.agreementRate === null ? "n/a" : formatShare(row.agreementRate),
    `${formatShare(row.agreementLower95)}-${formatShare(row.agreementUpper95)}`,
    row.recommendation,
  ]);
  const table = formatTable(
    [
      { header: "task type" },
      { header: "tiers" },
      { header: "samples", align: "right" },
      { header: "agreement", align: "right" },
      { header: "95% interval" },
      { header: "recommendation" },
    ],
    rows,
    "  ",
  );
  return [heading, table.trimEnd(), ""].join("\n");
}

function renderAnomalies(result: DemoResult): string {
  const { anomalies } = result.report;
  const heading = `Anomaly check (report cost-anomalies: hourly cost per model and task type against its trailing baseline, k = ${anomalies.k})`;
  if (anomalies.findings.length === 0) {
    return `${heading}\n  no anomalies (a fresh data folder has no baseline yet: the check needs 24 hours of history)\n`;
  }
  const lines = anomalies.findings.map(
    (finding) =>
      `  ${String(finding.hour)}  ${String(finding.dimension)} ${String(finding.key)}: ${formatUsd(Number(finding.cost_usd))} against a mean of ${formatUsd(Number(finding.baseline_mean_usd))}`,
  );
  return [heading, ...lines, ""].join("\n");
}

function renderSavings(result: DemoResult): string {
  const { savings } = result.report;
  const rows = savings.rows.map((row) => [
    row.taskType.replace(/_/g, " "),
    row.baselineModel || "(none)",
    row.routedModels.join(", "),
    row.shadowSamples === 0 ? "no shadow data" : row.qualityChange,
    formatPercentChange(row.costChangePercent),
    row.articleCostChangePercent === null ? "" : `${row.articleCostChangePercent}%`,
  ]);
  if (savings.overall)
    rows.push(["overall", "", "", "", formatPercentChange(savings.overall.costChangePercent), `${savings.overall.articleCostChangePercent ?? ""}%`]);
  const table = formatTable(
    [
      { header: "task type" },
      { header: "old model" },
      { header: "new model" },
      { header: "quality (shadow)" },
      { header: "cost change", align: "right" },
      { header: "article", align: "right" },
    ],
    rows,
    "  ",
  );
  const shares = savings.tierShares;
  const lines = [
    "Results in Production (report savings: the same tokens priced on the old model, with the article's 2024 prices)",
    table.trimEnd(),
    `  requests by tier: fast ${formatShare(shares.fast)}, standard ${formatShare(shares.standard)}, powerful ${formatShare(shares.powerful)} (article: ~${formatShare(ARTICLE_TIER_SHARES.fast)}, ~${formatShare(ARTICLE_TIER_SHARES.standard)}, ~${formatShare(ARTICLE_TIER_SHARES.powerful)})`,
  ];
  if (savings.overall && savings.overall.baselineCostUsd !== null) {
    lines.push(
      `  routed cost ${formatUsd(savings.overall.actualCostUsd)} instead of ${formatUsd(savings.overall.baselineCostUsd)} on the old models; evaluation ${formatUsd(savings.overall.evaluationCostUsd)} on top`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

function renderLevers(result: DemoResult): string {
  const { levers } = result.report;
  const row = (lever: (typeof levers.rows)[number], name: string) => [
    name,
    formatCount(lever.calls),
    formatCount(lever.batchCalls),
    formatUsd(lever.routingSavingUsd),
    formatUsd(lever.batchingSavingUsd),
    formatUsd(lever.cachingSavingUsd),
    formatUsd(lever.totalSavingUsd),
    formatUsd(lever.actualCostUsd),
  ];
  const rows = [...levers.rows.map((lever) => row(lever, lever.taskType.replace(/_/g, " "))), row(levers.total, "total")];
  const table = formatTable(
    [
      { header: "task type" },
      { header: "calls", align: "right" },
      { header: "batched", align: "right" },
      { header: "routing", align: "right" },
      { header: "batching", align: "right" },
      { header: "caching", align: "right" },
      { header: "total saved", align: "right" },
      { header: "cost", align: "right" },
    ],
    rows,
    "  ",
  );
  return [
    "Savings by lever (report savings-by-lever: against the old model with no batches and no prompt cache)",
    table.trimEnd(),
    "  batching: nightly keyword audits due in 30 h go through Message Batches at half price; caching: campaign summaries share a long system prompt",
    "",
  ].join("\n");
}

function renderToday(result: DemoResult): string {
  const { today } = result.report;
  const rows = today.rows.map((row) => [
    row.taskType.replace(/_/g, " "),
    formatCount(row.calls),
    formatUsd(row.allPowerfulCostUsd),
    formatUsd(row.routedCostUsd),
    formatPercentChange(row.costChangePercent),
  ]);
  rows.push([
    "overall",
    formatCount(today.overall.calls),
    formatUsd(today.overall.allPowerfulCostUsd),
    formatUsd(today.overall.routedCostUsd),
    formatPercentChange(today.overall.costChangePercent),
  ]);
  const table = formatTable(
    [
      { header: "task type" },
      { header: "calls", align: "right" },
      { header: `all on ${today.models.powerful}`, align: "right" },
      { header: "routed", align: "right" },
      { header: "cost change", align: "right" },
    ],
    rows,
    "  ",
  );
  return [
    `Today's lineup (the same routed tokens priced on fast = ${today.models.fast}, standard = ${today.models.standard}, powerful = ${today.models.powerful}, prices in force ${today.pricedAt.slice(0, 10)}; switchyard models lists them)`,
    table.trimEnd(),
    "",
  ].join("\n");
}

function renderNextSteps(nextSteps: NextSteps): string {
  return [
    "Query the data (chDB, no server needed):",
    ...nextSteps.query.map((command) => `  ${command}`),
    "",
    "Run it on Kafka and ClickHouse:",
    ...nextSteps.realMode.map((command) => `  ${command}`),
    "",
  ].join("\n");
}
