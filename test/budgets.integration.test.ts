import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { ClickHouseStore } from "@switchyard/clickhouse";
import { AlertEventSchema, type AlertEvent, type ResultEvent, type TopicNames } from "@switchyard/contracts";
import type { IncomingMessage, Subscription } from "@switchyard/kafka";
import { createAnthropicProvider } from "@switchyard/llm";
import { startAlertWebhook, startSink } from "@switchyard/metrics-sink";
import type { ModelSimulator } from "@switchyard/model-simulator";
import { startRouter, storedSpendReader, type Router } from "@switchyard/router";
import { resolveRoutingConfig, type BudgetsConfigInput, type RoutingConfig } from "@switchyard/routing";
import { parseResults, waitUntil } from "@switchyard/test-support";
import { PipelineTestBed, publishInSlices, TEST_RETRY_POLICY } from "./pipeline-support";

// Budgets on the real broker and ClickHouse server: routers, the sink, the simulator behind the SDK.
const bed = new PipelineTestBed();
before(() => bed.connect());
after(() => bed.clean());

interface Setup {
  topics: TopicNames;
  store: ClickHouseStore;
  simulator: ModelSimulator;
  deferredTopic: string;
  results: Map<string, ResultEvent[]>;
}

async function setUp(callLatencyMs = 150): Promise<Setup> {
  const topics = await bed.createTopicNames(3);
  const [deferredTopic] = await bed.createTopics(3, "deferred");
  if (deferredTopic === undefined) throw new Error("no deferred topic");
  const store = bed.newStore();
  // Every call takes the same time, so that in-flight calls and refresh windows are measurable.
  const simulator = await bed.startSimulator({ fixedLatencyMs: callLatencyMs, latencyJitter: 0 });
  const transport = bed.newTransport();
  const sink = await startSink({
    transport,
    store,
    topics,
    groupId: bed.newGroup("sink"),
    batch: { maxRows: 2_000, maxWaitMs: 200, maxBufferedRows: 10_000, retry: { initialDelayMs: 100, maxDelayMs: 1_000 } },
    maxEventBytes: 4 * 1024 * 1024,
    logger: bed.logger,
  });
  bed.onClean(() => sink.stop());
  const results = new Map<string, ResultEvent[]>();
  const subscription: Subscription = await transport.subscribe({
    topics: [topics.results],
    fromBeginning: true,
    onMessage: (message) => {
      for (const result of parseResults([message])) results.set(result.taskId, [...(results.get(result.taskId) ?? []), result]);
    },
  });
  bed.onClean(() => subscription.stop());
  return { topics, store, simulator, deferredTopic, results };
}

function routingWith(budgets: BudgetsConfigInput): RoutingConfig {
  // No shadow: the budgets below count routed calls only. Models pinned: the limits are sized to their prices.
  return resolveRoutingConfig({
    models: { fast: "claude-haiku-4-5", standard: "claude-sonnet-4-5", powerful: "claude-opus-4-5" },
    shadow: { defaultRate: 0 },
    budgets,
  });
}

async function startBudgetRouter(setup: Setup, routing: RoutingConfig, groupId: string, maxInFlight: number): Promise<Router> {
  const router = await startRouter({
    transport: bed.newTransport(),
    provider: createAnthropicProvider({ apiKey: "test-key", baseUrl: setup.simulator.url, logger: bed.logger }),
    routing,
    topics: setup.topics,
    groupId,
    maxInFlight,
    maxTaskBytes: 1024 * 1024,
    retryPolicy: TEST_RETRY_POLICY,
    logger: bed.logger,
    drainTimeoutMs: 10_000,
    budgets: { readStoredSpend: storedSpendReader(setup.store, routing.budgets), deferredTopic: setup.deferredTopic },
  });
  bed.onClean(() => router.stop());
  return router;
}

function tasks(topics: TopicNames, tenant: string, count: number, prefix = tenant): Array<{ topic: string; key: string; value: string }> {
  return Array.from({ length: count }, (_, index) => {
    const id = `${prefix}-${index}`;
    const task = {
      id,
      type: "campaign_summary",
      messages: [{ role: "user", content: `Summarise week ${index} of the campaign.` }],
      maxTokens: 64,
      metadata: { tenant, feature: "summaries" },
    };
    return { topic: topics.tasks, key: id, value: JSON.stringify(task) };
  });
}

function resultsOf(setup: Setup, prefix: string): ResultEvent[] {
  return [...setup.results.entries()].filter(([id]) => id.startsWith(`${prefix}-`)).map(([, list]) => list[0] as ResultEvent);
}

function okCost(results: readonly ResultEvent[]): number {
  return results.reduce((sum, result) => sum + (result.status === "ok" ? (result.costUsd ?? 0) : 0), 0);
}

async function storedUsageTaskIds(store: ClickHouseStore, tenant: string): Promise<Set<string>> {
  const rows = await store.query<{ task_id: string }>(`SELECT DISTINCT task_id FROM llm_usage WHERE tenant = '${tenant}'`);
  return new Set(rows.map((row) => row.task_id));
}

async function committedAll(groupId: string, topic: string): Promise<boolean> {
  const committed = await bed.committedOffsets(groupId, topic);
  const ends = await bed.endOffsets(topic);
  return [...ends.entries()].every(([partition, end]) => end === 0 || committed.get(partition) === end);
}

describe("budgets on the real broker and ClickHouse", () => {
  it("rejects (budget_exceeded, no model call) and downgrades tenants at their limits while another tenant is unaffected", async (t) => {
    const setup = await setUp();
    // About 20 calls of campaign_summary on Sonnet ($3 / $15 per M) each.
    const limit = 0.02;
    const routing = routingWith({
      rules: [
        { tenant: "acme", limits: { day: limit }, action: "reject" },
        { tenant: "initech", limits: { day: limit }, action: "downgrade", downgradeTo: "fast" },
      ],
      refreshIntervalMs: 200,
    });
    await startBudgetRouter(setup, routing, bed.newGroup("router"), 4);
    const count = 60;
    await publishInSlices(bed.newTransport(), [
      ...tasks(setup.topics, "acme", count),
      ...tasks(setup.topics, "initech", count),
      ...tasks(setup.topics, "globex", count),
    ]);
    await waitUntil(
      () => setup.results.size >= 3 * count,
      () => `results for all ${3 * count} tasks (have ${setup.results.size})`,
      120_000,
    );

    const globex = resultsOf(setup, "globex");
    assert.equal(globex.filter((result) => result.status === "ok" && result.tier === "standard").length, count, "the tenant without a budget is untouched");

    const acme = resultsOf(setup, "acme");
    const rejected = acme.filter((result) => result.error?.type === "budget_exceeded");
    const served = acme.filter((result) => result.status === "ok");
    assert.equal(rejected.length + served.length, count);
    assert.ok(served.length > 0 && rejected.length > 0, `served ${served.length}, rejected ${rejected.length}`);
    for (const result of rejected) {
      assert.equal(result.model, null);
      assert.equal(result.attempts, 0);
      assert.match(result.routing.reason, /budget tenant=acme reached its day limit/);
    }
    const maxCallCost = Math.max(...served.map((result) => result.costUsd ?? 0));
    const spent = okCost(served);
    // One instance: at most its in-flight calls (4) past the limit; at least the limit less what 4 estimates held back.
    assert.ok(spent <= limit + 4 * maxCallCost, `acme spent ${spent} with a limit of ${limit}`);
    assert.ok(spent >= limit * 0.5, `acme spent ${spent}: the budget stopped far too early`);
    t.diagnostic(
      `reject: limit $${limit}, acme spent $${spent.toFixed(6)} on ${served.length} calls, ${rejected.length} rejected; largest call $${maxCallCost.toFixed(6)}`,
    );
    await waitUntil(async () => (await storedUsageTaskIds(setup.store, "acme")).size === served.length, "the sink stored acme's calls", 30_000);
    const called = await storedUsageTaskIds(setup.store, "acme");
    for (const result of rejected) assert.equal(called.has(result.taskId), false, `${result.taskId} was rejected yet called a model`);

    const initech = resultsOf(setup, "initech");
    assert.equal(initech.filter((result) => result.status === "ok").length, count, "a downgrading budget still serves every task");
    const downgraded = initech.filter((result) => result.tier === "fast");
    assert.ok(downgraded.length > 0 && downgraded.length < count, `downgraded ${downgraded.length}`);
    for (const result of downgraded) assert.match(result.routing.reason, /budget tenant=initech reached its day limit .*downgraded from standard to fast/);
  });

  it("defers a tenant at its limit without blocking others or holding back commits; after a restart with a raised limit every deferred task completes", async (t) => {
    const setup = await setUp();
    const budgets = { rules: [{ tenant: "acme", limits: { day: 0.01 }, action: "defer" as const }], refreshIntervalMs: 200, deferHoldMs: 500 };
    const groupId = bed.newGroup("router");
    const first = await startBudgetRouter(setup, routingWith(budgets), groupId, 4);
    const count = 40;
    await publishInSlices(bed.newTransport(), [...tasks(setup.topics, "acme", count), ...tasks(setup.topics, "globex", count)]);
    await waitUntil(() => resultsOf(setup, "globex").length === count, "every globex result", 120_000);
    assert.ok(resultsOf(setup, "globex").every((result) => result.status === "ok"));
    // The tasks topic is committed to its end although acme's tasks wait: they are on the deferred topic.
    await waitUntil(() => committedAll(groupId, setup.topics.tasks), "the tasks topic committed to its end", 30_000);
    const servedBefore = resultsOf(setup, "acme");
    assert.ok(
      servedBefore.every((result) => result.status === "ok"),
      "a deferring budget never answers with an error",
    );
    assert.ok(servedBefore.length < count, `acme got ${servedBefore.length} results before the raise`);
    const deferredStats = first.deferredStats();
    assert.ok(deferredStats !== null && deferredStats.consumed > 0, "the deferred lane holds acme's tasks");

    await first.stop();
    await startBudgetRouter(setup, routingWith({ ...budgets, rules: [{ ...budgets.rules[0], limits: { day: 100 } }] }), groupId, 4);
    await waitUntil(
      () => resultsOf(setup, "acme").length === count,
      () => `every acme result after the raise (have ${resultsOf(setup, "acme").length})`,
      120_000,
    );
    const acme = resultsOf(setup, "acme");
    assert.ok(acme.every((result) => result.status === "ok"));
    const before = new Set(servedBefore.map((result) => result.taskId));
    const released = acme.filter((result) => !before.has(result.taskId));
    assert.equal(released.length, count - servedBefore.length);
    for (const result of released)
      assert.match(result.routing.reason, /deferred by a budget, then released/, "every task not served before the raise came through the deferred lane");
    t.diagnostic(`defer: ${servedBefore.length} of ${count} acme tasks served before the limit, ${released.length} deferred and completed after the raise`);
    const duplicates = [...setup.results.values()].filter((list) => list.length > 1).length;
    assert.equal(duplicates, 0, "a clean restart publishes no second result");
  });

  it("two routers share one limit: the overshoot stays within the documented bound, and a webhook gets each budget alert once", async (t) => {
    // One 300 ms call at a time per router: reaching the limit takes several times the refresh window.
    const setup = await setUp(300);
    const refreshIntervalMs = 200;
    const maxInFlight = 1;
    const limit = 0.08;
    const routing = routingWith({ rules: [{ tenant: "acme", limits: { day: limit }, action: "reject", alertAt: [0.5] }], refreshIntervalMs });

    const received: Array<{ alertId: string; body: AlertEvent }> = [];
    let failFirst = true;
    const receiver: Server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        // The first delivery fails: the webhook retries it.
        if (failFirst) {
          failFirst = false;
          response.writeHead(503).end();
          return;
        }
        received.push({ alertId: String(request.headers["x-switchyard-alert-id"]), body: AlertEventSchema.parse(JSON.parse(body)) });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    bed.onClean(() => new Promise((resolve) => receiver.close(() => resolve())));
    const webhook = await startAlertWebhook({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`,
      format: "json",
      timeoutMs: 5_000,
      transport: bed.newTransport(),
      alertsTopic: setup.topics.alerts,
      deadLetterTopic: setup.topics.deadLetters,
      groupId: bed.newGroup("webhook"),
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      logger: bed.logger,
    });
    bed.onClean(() => webhook.stop());

    const groupId = bed.newGroup("router");
    await startBudgetRouter(setup, routing, groupId, maxInFlight);
    await startBudgetRouter(setup, routing, groupId, maxInFlight);
    const count = 200;
    await publishInSlices(bed.newTransport(), tasks(setup.topics, "acme", count));
    await waitUntil(
      () => setup.results.size >= count,
      () => `results for all ${count} tasks (have ${setup.results.size})`,
      180_000,
    );

    const served = resultsOf(setup, "acme").filter((result) => result.status === "ok");
    const spent = okCost(served);
    const maxCallCost = Math.max(...served.map((result) => result.costUsd ?? 0));
    // The bound (README): what every instance spends in one refresh interval plus the store's
    // delay (settle to stored, measured here), plus every instance's in-flight calls.
    await waitUntil(async () => (await storedUsageTaskIds(setup.store, "acme")).size === served.length, "the sink stored every call", 30_000);
    const [delay] = await setup.store.query<{ seconds: number }>(
      "SELECT max(toUInt32(inserted_at) - toUInt32(ts) - intDiv(latency_ms, 1000)) AS seconds FROM llm_usage",
    );
    const windowMs = refreshIntervalMs + ((delay?.seconds ?? 0) + 2) * 1_000;
    const completions = served.map((result) => ({ at: Date.parse(result.completedAt), cost: result.costUsd ?? 0 })).sort((a, b) => a.at - b.at);
    let windowSpend = 0;
    for (let start = 0, end = 0, sum = 0; start < completions.length; start += 1) {
      while (end < completions.length && (completions[end]?.at ?? 0) - (completions[start]?.at ?? 0) <= windowMs) sum += completions[end++]?.cost ?? 0;
      windowSpend = Math.max(windowSpend, sum);
      sum -= completions[start]?.cost ?? 0;
    }
    const bound = windowSpend + 2 * maxInFlight * maxCallCost;
    const overshoot = spent - limit;
    t.diagnostic(
      `two routers: limit $${limit}, spent $${spent.toFixed(6)} on ${served.length} calls, overshoot $${overshoot.toFixed(6)}, bound $${bound.toFixed(6)} (window ${windowMs} ms, largest call $${maxCallCost.toFixed(6)})`,
    );
    assert.ok(overshoot <= bound, `overshoot $${overshoot.toFixed(6)} above the bound $${bound.toFixed(6)} (window ${windowMs} ms)`);
    // Without sharing, each router would spend the whole limit (an overshoot of about the limit): the test can tell.
    assert.ok(overshoot < limit / 2, `overshoot $${overshoot.toFixed(6)}: the routers did not share the limit`);
    assert.ok(served.length < count, "some tasks were rejected");

    // Both routers raise both alerts (50% and the limit); the webhook delivers each id once.
    const alertMessages: IncomingMessage[] = [];
    await waitUntil(
      async () => {
        alertMessages.splice(0, alertMessages.length, ...(await bed.newTransport().readTopic(setup.topics.alerts)));
        return alertMessages.length >= 4;
      },
      "both routers published both alerts",
      30_000,
    );
    const alertIds = new Set(alertMessages.map((message) => AlertEventSchema.parse(JSON.parse(String(message.value))).alertId));
    assert.equal(alertIds.size, 2);
    await waitUntil(() => received.length >= 2, "the webhook delivered both alerts", 30_000);
    // Every alert message handled: a duplicate delivery would have happened by now.
    await waitUntil(() => webhook.stats().handled >= alertMessages.length, "the webhook handled every alert message", 30_000);
    assert.deepEqual(received.map((entry) => entry.alertId).sort(), [...alertIds].sort());
    assert.deepEqual(new Set(received.map((entry) => entry.body.kind)), new Set(["budget_threshold", "budget_exceeded"]));
  });
});
