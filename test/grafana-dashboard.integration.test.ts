import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createInMemoryTransport, waitForMessages } from "@switchyard/kafka";
import { checkConfiguredModels, createAnthropicProvider } from "@switchyard/llm";
import { startSink } from "@switchyard/metrics-sink";
import { createMetricsRegistry, type Registry } from "@switchyard/platform";
import { startRouter } from "@switchyard/router";
import { configuredModelSettings, resolveRoutingConfig } from "@switchyard/routing";
import { startShadow } from "@switchyard/shadow";
import { ROOT, topicNames, uniqueName, waitUntil } from "@switchyard/test-support";
import { PipelineTestBed, TEST_RETRY_POLICY } from "./pipeline-support";

// The committed Grafana board may only query metrics the services export. The exported names
// are read from the registries of the services as they start (and after one task went through).
const BOARD_PATH = join(ROOT, "deploy", "grafana", "switchyard-dashboard.json");

const bed = new PipelineTestBed();
const exported = new Set<string>();

interface BoardPanel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: BoardPanel[];
}

const PROMQL_WORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan"]);

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or durations. */
function metricNamesIn(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = match[0];
    const next = stripped.slice((match.index ?? 0) + name.length).trimStart();
    if (next.startsWith("(") || PROMQL_WORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

/** What a registry exposes on /metrics: a histogram's _bucket, _sum and _count series, a summary's _sum and _count. */
async function exposedNames(registry: Registry): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).flatMap((metric) => {
    const type = String(metric.type);
    if (type === "histogram") return [metric.name, `${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`];
    if (type === "summary") return [metric.name, `${metric.name}_sum`, `${metric.name}_count`];
    return [metric.name];
  });
}

function boardExpressions(): Array<{ panel: string; expr: string }> {
  const board = JSON.parse(readFileSync(BOARD_PATH, "utf8")) as { panels: BoardPanel[] };
  const walk = (panels: BoardPanel[]): Array<{ panel: string; expr: string }> =>
    panels.flatMap((panel) => [
      ...(panel.targets ?? []).flatMap((target) => (target.expr ? [{ panel: panel.title ?? "", expr: target.expr }] : [])),
      ...walk(panel.panels ?? []),
    ]);
  return walk(board.panels);
}

before(async () => {
  await bed.connect();
  const transport = createInMemoryTransport();
  const topics = topicNames(uniqueName("grafana"));
  // A budget, so that the router's budget metrics exist; every eligible task shadowed.
  const routing = resolveRoutingConfig({
    shadow: { defaultRate: 1 },
    budgets: { rules: [{ tenant: "acme", limits: { day: 1_000 }, action: "reject" }] },
  });
  const simulator = await bed.startSimulator({ latencyScale: 0 });
  const provider = createAnthropicProvider({ apiKey: "test-key", baseUrl: simulator.url, logger: bed.logger });
  const registries = { router: createMetricsRegistry("router"), shadow: createMetricsRegistry("shadow"), sink: createMetricsRegistry("metrics-sink") };
  // As each service's main does at start.
  for (const registry of [registries.router, registries.shadow])
    checkConfiguredModels({ models: configuredModelSettings(routing), allowRetired: true, logger: bed.logger, registry });
  const sink = await startSink({
    transport,
    store: bed.newStore(),
    topics,
    groupId: "sink",
    batch: { maxRows: 100, maxWaitMs: 50, maxBufferedRows: 1_000, retry: { initialDelayMs: 100, maxDelayMs: 1_000 } },
    maxEventBytes: 1024 * 1024,
    logger: bed.logger,
    registry: registries.sink,
  });
  bed.onClean(() => sink.stop());
  const shadow = await startShadow({
    transport,
    provider,
    routing,
    topics,
    groupId: "shadow",
    maxInFlight: 4,
    retryPolicy: TEST_RETRY_POLICY,
    logger: bed.logger,
    registry: registries.shadow,
  });
  bed.onClean(() => shadow.stop());
  const router = await startRouter({
    transport,
    provider,
    routing,
    topics,
    groupId: "router",
    maxInFlight: 4,
    maxTaskBytes: 1024 * 1024,
    retryPolicy: TEST_RETRY_POLICY,
    logger: bed.logger,
    registry: registries.router,
  });
  bed.onClean(() => router.stop());
  const task = {
    id: uniqueName("board"),
    type: "campaign_summary",
    messages: [{ role: "user", content: "Summarise week 3 of the campaign." }],
    maxTokens: 64,
    metadata: { tenant: "acme", feature: "summaries" },
  };
  await transport.publish([{ topic: topics.tasks, key: task.id, value: JSON.stringify(task) }]);
  await waitForMessages(transport, { topic: topics.results, timeoutMs: 30_000, until: (seen) => seen.length >= 1 });
  await waitUntil(() => shadow.stats().handled === 1 && sink.loop.stats().handled === 4, "the shadow and the sink handled the task's messages");
  for (const registry of Object.values(registries)) for (const name of await exposedNames(registry)) exported.add(name);
});

after(() => bed.clean());

describe("the Grafana dashboard (deploy/grafana/switchyard-dashboard.json)", { timeout: 60_000 }, () => {
  it("reads metric names out of PromQL, functions, keywords, labels and ranges left out", () => {
    assert.deepEqual(
      metricNamesIn('sum by (le, tier) (rate(switchyard_x_bucket{role=~"primary|fallback"}[$__rate_interval])) / ignoring(tier) group_left() sum(up) * 3600'),
      ["switchyard_x_bucket", "up"],
    );
    assert.deepEqual(metricNamesIn("min by (model) (switchyard_model_end_of_life_seconds - time()) / 86400"), ["switchyard_model_end_of_life_seconds"]);
  });

  it("queries only metrics that the router, the shadow and the sink export", () => {
    const expressions = boardExpressions();
    assert.ok(expressions.length >= 20, `the board has its queries (${expressions.length})`);
    const referenced = new Set(expressions.flatMap((entry) => metricNamesIn(entry.expr)));
    assert.ok(referenced.size >= 20, `the board reads many metrics (${[...referenced].join(", ")})`);
    const missing = expressions.flatMap((entry) =>
      metricNamesIn(entry.expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${entry.panel}: ${name}`),
    );
    assert.deepEqual(missing, [], `exported: ${[...exported].sort().join(", ")}`);
    assert.ok(!exported.has("switchyard_no_such_metric_total"), "the check can fail: a name no service exports is not in the set");
  });

  it("covers what an operator watches: spend, tokens, tier mix, lag, dead letters, shadow agreement, budgets, model end of life", () => {
    const referenced = new Set(boardExpressions().flatMap((entry) => metricNamesIn(entry.expr)));
    for (const name of [
      "switchyard_model_cost_usd_total",
      "switchyard_model_tokens_total",
      "switchyard_model_calls_total",
      "switchyard_consumer_lag_messages",
      "switchyard_consumer_in_flight_messages",
      "switchyard_consumer_messages_dead_lettered_total",
      "switchyard_model_errors_total",
      "switchyard_shadow_comparisons_total",
      "switchyard_budget_spent_usd",
      "switchyard_model_end_of_life_seconds",
    ])
      assert.ok(referenced.has(name), `the board shows ${name}`);
  });
});
