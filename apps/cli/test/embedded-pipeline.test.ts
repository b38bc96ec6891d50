import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmbeddedStore, formatClickHouseDateTime, runReport, type ClickHouseStore } from "@switchyard/clickhouse";
import { createPricingCatalog } from "@switchyard/llm";
import { computeWhatIf, readWhatIfData } from "@switchyard/policy";
import { createLogger } from "@switchyard/platform";
import type { RoutedTokenRow } from "../src/demo/price-today-lineup";
import { EMBEDDED_DATABASE, runDemo, type DemoResult } from "../src/index";

// The article's 2024 list prices, USD per million tokens, written out here so
// that the check does not share the product's catalog: input, output, cache
// write (5 minutes), cache read.
const PRICES: Record<string, { input: number; output: number; cacheWrite: number; cacheRead: number }> = {
  "claude-3-haiku": { input: 0.25, output: 1.25, cacheWrite: 0.3, cacheRead: 0.03 },
  "claude-3-5-sonnet": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  "claude-3-opus": { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
};
// Today's lineup at the prices Anthropic published (checked 2026-11-30), by
// the article model whose tier it now fills; none of the demo's prompts
// reaches Haiku 5.5's 100k band.
const TODAY_PRICES: Record<string, { input: number; output: number; cacheWrite: number; cacheRead: number }> = {
  "claude-3-haiku": { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 },
  "claude-3-5-sonnet": { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 },
  "claude-3-opus": { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
};
const BASELINES: Record<string, string> = {
  keyword_relevance: "claude-3-opus",
  campaign_summary: "claude-3-opus",
  account_strategy: "claude-3-opus",
  data_extraction: "claude-3-5-sonnet",
};
const TASKS = 600;
// Message Batches bill half the list price (Anthropic's batch processing guide, checked 2026-11-30).
const BATCH_SHARE_OF_PRICE = 0.5;

interface TokenRow {
  task_type: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  recorded_cost_usd: number;
  mode: string;
}

let directory: string;
let result: DemoResult;
let store: ClickHouseStore;
let rows: TokenRow[];
let allRouted: Array<{ tier: string; calls: number; cost_usd: number }>;
let phaseTwoRows: Array<Omit<RoutedTokenRow, "calls">>;

function windowOf(period: { from: string; to: string }): string {
  return `ts >= toDateTime('${formatClickHouseDateTime(new Date(period.from))}', 'UTC') AND ts < toDateTime('${formatClickHouseDateTime(new Date(period.to))}', 'UTC')`;
}

before(async () => {
  directory = mkdtempSync(join(tmpdir(), "switchyard-cli-demo-"));
  const logger = createLogger({ name: "cli-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });
  // Every standard and powerful task shadowed: 150 campaign summaries, 30 account strategies.
  result = await runDemo({ tasks: TASKS, dataDirectory: directory, shadowRate: 1, latencyScale: 0, logger });
  store = createEmbeddedStore({ path: directory, database: EMBEDDED_DATABASE, logger });
  rows = await store.query<TokenRow>(
    `SELECT task_type, model, count() AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cache_creation_input_tokens) AS cache_creation_input_tokens, sum(cache_read_input_tokens) AS cache_read_input_tokens,
            sum(cost_usd) AS recorded_cost_usd, call_mode AS mode
     FROM (SELECT *, mode AS call_mode FROM llm_usage FINAL WHERE role IN ('primary', 'fallback') AND ${windowOf(result.report.period)})
     GROUP BY task_type, model, call_mode`,
  );
  allRouted = await store.query(
    "SELECT tier, count() AS calls, sum(cost_usd) AS cost_usd FROM llm_usage FINAL WHERE role IN ('primary', 'fallback') GROUP BY tier",
  );
  phaseTwoRows = await store.query(
    `SELECT task_type, tier, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cache_creation_input_tokens) AS cache_creation_input_tokens, sum(cache_read_input_tokens) AS cache_read_input_tokens
     FROM (SELECT * FROM llm_usage FINAL WHERE role IN ('primary', 'fallback') AND ${windowOf(result.loop.afterLoop.period)})
     GROUP BY task_type, tier`,
  );
});

after(async () => {
  await store?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** The list price of a row's tokens on `model`; `asCalled` applies the batch price to batch calls. */
function costOf(row: TokenRow, model: string, prices = PRICES, asCalled = true): number {
  const price = prices[model];
  assert.ok(price, `the test has no price for ${model}`);
  const list =
    (row.input_tokens * price.input +
      row.output_tokens * price.output +
      row.cache_creation_input_tokens * price.cacheWrite +
      row.cache_read_input_tokens * price.cacheRead) /
    1_000_000;
  return asCalled && row.mode === "batch" ? list * BATCH_SHARE_OF_PRICE : list;
}

function independentTotals(taskType?: string): { actual: number; baseline: number } {
  let actual = 0;
  let baseline = 0;
  for (const row of rows) {
    if (taskType !== undefined && row.task_type !== taskType) continue;
    actual += costOf(row, row.model);
    baseline += costOf(row, BASELINES[row.task_type] ?? "missing", PRICES, false);
  }
  return { actual, baseline };
}

test("every task is answered once, on the tier of the article's mix", () => {
  // Phase 1 (the article's rules), then half as many (480 at most) in phase 2 (after the controller's move) and phase 3 (degraded).
  assert.equal(result.tasks, TASKS * 2);
  assert.equal(result.results.ok, TASKS * 2);
  assert.equal(result.results.error, 0);
  assert.equal(result.deadLetters, 0);
  const callsByType: Record<string, number> = {};
  for (const row of rows) callsByType[row.task_type] = (callsByType[row.task_type] ?? 0) + Number(row.calls);
  assert.deepEqual(callsByType, { keyword_relevance: 300, data_extraction: 120, campaign_summary: 150, account_strategy: 30 });
  const modelByType = Object.fromEntries(rows.map((row) => [row.task_type, row.model]));
  assert.deepEqual(modelByType, {
    keyword_relevance: "claude-3-haiku",
    data_extraction: "claude-3-haiku",
    campaign_summary: "claude-3-5-sonnet",
    account_strategy: "claude-3-opus",
  });
  assert.deepEqual(result.report.savings.tierShares, { fast: 0.7, standard: 0.25, powerful: 0.05 });
  // The routing summary covers the whole run (its report is hourly): every routed call of the three phases.
  const tiers = Object.fromEntries(result.report.routing.tiers.map((tier) => [tier.tier, tier.requests]));
  assert.deepEqual(
    tiers,
    Object.fromEntries(
      ["fast", "standard", "powerful"].map((tier) => [tier, allRouted.filter((row) => row.tier === tier).reduce((total, row) => total + row.calls, 0)]),
    ),
  );
});

test("the recorded cost of every call is its tokens at the article's prices", () => {
  for (const row of rows) {
    const expected = costOf(row, row.model);
    assert.ok(
      Math.abs(row.recorded_cost_usd - expected) <= 1e-9 * Math.max(1, expected) + 1e-9,
      `${row.task_type}: recorded ${row.recorded_cost_usd}, expected ${expected}`,
    );
  }
});

test("the savings table matches an independent calculation from the stored usage rows", () => {
  // Keyword relevance: -98.3% from routing alone, more with a fifth of the checks at the batch price.
  const expectedChange = { keyword_relevance: -98.5, campaign_summary: -80, account_strategy: 0, data_extraction: -91.7 };
  assert.deepEqual(
    result.report.savings.rows.map((row) => row.taskType),
    ["keyword_relevance", "campaign_summary", "account_strategy", "data_extraction"],
  );
  for (const row of result.report.savings.rows) {
    const { actual, baseline } = independentTotals(row.taskType);
    const change = 100 * (actual / baseline - 1);
    assert.equal(row.baselineModel, BASELINES[row.taskType]);
    assert.ok(Math.abs(row.actualCostUsd - actual) < 1e-5, `${row.taskType} actual: report ${row.actualCostUsd}, independent ${actual}`);
    assert.ok(
      row.baselineCostUsd !== null && Math.abs(row.baselineCostUsd - baseline) < 1e-5,
      `${row.taskType} baseline: report ${row.baselineCostUsd}, independent ${baseline}`,
    );
    assert.ok(
      row.costChangePercent !== null && Math.abs(row.costChangePercent - change) <= 0.05 + 1e-9,
      `${row.taskType}: report ${row.costChangePercent}%, independent ${change}%`,
    );
    assert.equal(row.costChangePercent, expectedChange[row.taskType as keyof typeof expectedChange]);
  }
  // The article's rounded figures: -98%, -80%, 0%, -92%.
  assert.deepEqual(
    result.report.savings.rows.map((row) => Math.round(row.costChangePercent ?? Number.NaN)),
    [-98, -80, 0, -92],
  );
  const overall = result.report.savings.overall;
  assert.ok(overall);
  const { actual, baseline } = independentTotals();
  const change = 100 * (actual / baseline - 1);
  assert.ok(
    overall.costChangePercent !== null && Math.abs(overall.costChangePercent - change) <= 0.05 + 1e-9,
    `overall: report ${overall.costChangePercent}%, independent ${change}%`,
  );
  // The article reports about 60%; this mix of prompt sizes gives the same neighbourhood.
  assert.ok(change > -65 && change < -55, `overall reduction ${change}% is outside the article's range`);
  const routedCost = allRouted.reduce((total, row) => total + row.cost_usd, 0);
  assert.ok(Math.abs(result.report.routing.total.costUsd - routedCost) < 1e-5, "the routing summary's total is the routed cost of the run");
});

test("the today table prices the same routed tokens on today's lineup against all on today's Opus", () => {
  assert.deepEqual(result.report.today.models, { fast: "claude-haiku-5-5", standard: "claude-sonnet-5-5", powerful: "claude-opus-5-5" });
  assert.deepEqual(
    result.report.today.rows.map((row) => row.taskType),
    ["keyword_relevance", "campaign_summary", "account_strategy", "data_extraction"],
  );
  let routedTotal = 0;
  let opusTotal = 0;
  for (const row of result.report.today.rows) {
    const own = rows.filter((tokens) => tokens.task_type === row.taskType);
    const routed = own.reduce((sum, tokens) => sum + costOf(tokens, tokens.model, TODAY_PRICES, false), 0);
    const opus = own.reduce((sum, tokens) => sum + costOf(tokens, "claude-3-opus", TODAY_PRICES, false), 0);
    routedTotal += routed;
    opusTotal += opus;
    assert.equal(
      row.calls,
      own.reduce((sum, tokens) => sum + tokens.calls, 0),
    );
    assert.ok(Math.abs(row.routedCostUsd - routed) < 1e-5, `${row.taskType} routed: ${row.routedCostUsd} against ${routed}`);
    assert.ok(Math.abs(row.allPowerfulCostUsd - opus) < 1e-5, `${row.taskType} all on Opus: ${row.allPowerfulCostUsd} against ${opus}`);
  }
  // Sonnet 5.5 costs half of Opus 5.5 at every rate; powerful stays powerful.
  assert.equal(result.report.today.rows.find((row) => row.taskType === "campaign_summary")?.costChangePercent, -50);
  assert.equal(result.report.today.rows.find((row) => row.taskType === "account_strategy")?.costChangePercent, 0);
  const overall = result.report.today.overall;
  assert.ok(overall.costChangePercent !== null && Math.abs(overall.costChangePercent - 100 * (routedTotal / opusTotal - 1)) <= 0.05 + 1e-9);
});

test("shadow evidence: campaign summaries can move down to fast, account strategy cannot", () => {
  const byType = new Map(result.report.shadow.recommendations.map((row) => [row.taskType, row]));
  const summaries = byType.get("campaign_summary");
  const strategies = byType.get("account_strategy");
  assert.ok(summaries && strategies);
  assert.equal(summaries.samples, 150);
  assert.equal(strategies.samples, 30);
  assert.equal(summaries.shadowTier, "fast");
  assert.equal(summaries.moveDown, true, summaries.recommendation);
  assert.equal(strategies.moveDown, false, strategies.recommendation);
  assert.ok(strategies.agreementUpper95 < 0.95, "account strategy's agreement is too low, not only short of samples");
  assert.equal(byType.size, 2, "fast-tier types are never shadowed");
});

test("savings by lever: routing, batching and caching add up to the total, each from its own tasks", () => {
  const { levers } = result.report;
  const byType = new Map(levers.rows.map((row) => [row.taskType, row]));
  const keywords = byType.get("keyword_relevance");
  const summaries = byType.get("campaign_summary");
  assert.ok(keywords && summaries);
  // Every fifth keyword check is due in 30 h: the batch lane takes it.
  const batchRows = rows.filter((row) => row.mode === "batch");
  assert.deepEqual([...new Set(batchRows.map((row) => row.task_type))], ["keyword_relevance"]);
  assert.equal(
    keywords.batchCalls,
    batchRows.reduce((total, row) => total + Number(row.calls), 0),
  );
  // About a fifth of the 300 checks (a batch that cannot be created sends its tasks the sync way).
  assert.ok(keywords.batchCalls > 0 && keywords.batchCalls <= 80, `${keywords.batchCalls} batched keyword checks`);
  // What the batch calls saved is what they paid: half price.
  const batchCost = batchRows.reduce((total, row) => total + costOf(row, row.model), 0);
  assert.ok(Math.abs(keywords.batchingSavingUsd - batchCost) < 1e-6, `batching ${keywords.batchingSavingUsd} vs ${batchCost}`);
  // Campaign summaries share a long system prompt: read from the cache after the first calls.
  assert.ok(summaries.cacheReadShare > 0.1, `cache read share ${summaries.cacheReadShare}`);
  assert.ok(summaries.cachingSavingUsd > 0);
  assert.equal(summaries.batchCalls, 0);
  for (const row of [...levers.rows, levers.total]) {
    const sum = row.routingSavingUsd + row.batchingSavingUsd + row.cachingSavingUsd;
    assert.ok(Math.abs(sum - row.totalSavingUsd) < 1e-5, `${row.taskType}: ${sum} != ${row.totalSavingUsd}`);
  }
  const { actual } = independentTotals();
  assert.ok(Math.abs(levers.total.actualCostUsd - actual) < 1e-5, "the levers' cost is the routed cost");
});

test("the anomaly check finds nothing in a fresh data folder", () => {
  assert.deepEqual(result.report.anomalies.findings, []);
});

test("the loop: the controller moves campaign summaries to fast, the guard moves them back when their quality drops", () => {
  const lines = result.loop.steps.flatMap((step) => step.lines.map((line) => `${step.phase}: ${line}`));
  assert.match(lines[0] ?? "", /^after phase 1 .*: policy v1: campaign_summary standard -> fast \(shadow pairs 150,/);
  assert.ok(
    lines.some((line) => /^after phase 2: no change/.test(line)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((line) => /^after phase 3: policy v2: campaign_summary fast -> standard \(guard pairs \d+,/.test(line)),
    lines.join("\n"),
  );
  assert.ok(!lines.some((line) => line.includes("account_strategy")), "account strategy stays on powerful");
  assert.deepEqual(
    result.loop.alerts.map((alert) => alert.split(":")[0]),
    ["policy_move_down", "policy_rollback"],
  );
});

test("the data folder keeps the loop's policy changes and alerts (the policy-history and alerts reports, the dashboard's panels)", async () => {
  const period = { from: new Date(Date.parse(result.report.period.from) - 3_600_000), to: new Date(Date.now() + 60_000) };
  const changes = (await runReport(store, "policy-history", period)).rows;
  assert.deepEqual(
    changes.map((row) => [Number(row.policy_version), row.task_type, row.tier, row.author, row.evidence_phase]),
    [
      [2, "campaign_summary", "", "controller", "guard"],
      [1, "campaign_summary", "fast", "controller", "shadow"],
    ],
  );
  assert.equal(Number(changes[1]?.evidence_samples), 150, "the move's evidence: the 150 shadow pairs the demo printed");
  const alerts = (await runReport(store, "alerts", period)).rows;
  assert.deepEqual(alerts.map((row) => `${String(row.kind)}: ${String(row.alert_message)}`).sort(), [...result.loop.alerts].sort());
});

test("the loop's table after the move is the stored tokens priced on today's lineup", () => {
  const table = result.loop.afterLoop;
  const summaries = table.rows.find((row) => row.task_type === "campaign_summary");
  assert.equal(summaries?.fast_share, 1, "phase 2 routed every campaign summary to fast");
  assert.equal(result.loop.rulesOnly.rows.find((row) => row.task_type === "campaign_summary")?.standard_share, 1);
  const catalog = createPricingCatalog();
  const priceOf = (tier: string) => {
    const price = catalog.priceOf(result.loop.lineup[tier] ?? "");
    assert.ok(price, `today's ${tier} model has a price`);
    return price;
  };
  const costAt = (row: (typeof phaseTwoRows)[number], tier: string) => {
    const price = priceOf(tier);
    return (
      (row.input_tokens * price.inputPerMillion +
        row.output_tokens * price.outputPerMillion +
        row.cache_creation_input_tokens * price.cacheWrite5mPerMillion +
        row.cache_read_input_tokens * price.cacheReadPerMillion) /
      1_000_000
    );
  };
  const lineup = phaseTwoRows.reduce((total, row) => total + costAt(row, row.tier), 0);
  const baseline = phaseTwoRows.reduce((total, row) => total + costAt(row, "powerful"), 0);
  const expected = 100 * (lineup / baseline - 1);
  assert.ok(
    table.overallCostChangePercent !== null && Math.abs(table.overallCostChangePercent - expected) <= 0.05 + 1e-9,
    `report ${table.overallCostChangePercent}%, independent ${expected}%`,
  );
  assert.ok((table.overallCostChangePercent ?? 0) < (result.loop.rulesOnly.overallCostChangePercent ?? 0), "the loop cuts more than the rules alone");
});

test("what-if on chDB: moving campaign summaries to fast in phase 1 is priced on the measured shadow pairs", async () => {
  const period = { from: new Date(result.report.period.from), to: new Date(result.report.period.to) };
  const data = await readWhatIfData(store, period);
  const report = computeWhatIf({ proposal: { campaign_summary: "fast" }, ...data, reprice: () => null });
  const summaries = report.rows.find((row) => row.taskType === "campaign_summary");
  assert.match(summaries?.basis ?? "", /^measured on 150 pairs$/);
  assert.match(summaries?.evidence ?? "", /standard->fast: agreement \d+\.\d% \(95% .*n=150\)/);
  assert.ok((summaries?.proposedUsd ?? 1) < (summaries?.paidUsd ?? 0) / 5, "Haiku 3 costs a twelfth of Sonnet 3.5");
  assert.equal(report.rows.find((row) => row.taskType === "keyword_relevance")?.basis, "unchanged");
});
