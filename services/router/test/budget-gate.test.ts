import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_TOPICS, ResultEventSchema, TaskEventSchema, type ResultEvent } from "@switchyard/contracts";
import type { IncomingMessage, OutgoingMessage } from "@switchyard/kafka";
import { createPricingCatalog, DEFAULT_RETRY_POLICY, type ModelProvider } from "@switchyard/llm";
import { createLogger, createMetricsRegistry, LabelLimiter } from "@switchyard/platform";
import { BudgetsConfigSchema, resolveRoutingConfig, SpendTracker, type BudgetsConfigInput } from "@switchyard/routing";
import { createBudgetGate, createBudgetMetrics, createTaskHandler } from "../src/index";

const logger = createLogger({ name: "test", level: "silent" });
const pricing = createPricingCatalog();
const DEFERRED = "llm.tasks.deferred";

function provider(): ModelProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async complete(request) {
      calls.push(request.model);
      return {
        text: "A summary.",
        usage: { inputTokens: 1_000, outputTokens: 200, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
        model: request.model,
        stopReason: "end_turn",
        requestId: "req_1",
        rateLimit: null,
      };
    },
  };
}

function setUp(budgets: BudgetsConfigInput, lane: "tasks" | "deferred" = "tasks") {
  // The tiers' models pinned: the figures below use their prices.
  const routing = resolveRoutingConfig({ models: { fast: "claude-haiku-4-5", standard: "claude-sonnet-4-5", powerful: "claude-opus-4-5" }, budgets });
  const tracker = new SpendTracker({ config: routing.budgets, logger });
  const registry = createMetricsRegistry("router-test");
  const metrics = createBudgetMetrics(registry, tracker, 2);
  const gate = createBudgetGate({ tracker, routing, pricing, topics: DEFAULT_TOPICS, deferredTopic: DEFERRED, lane, holdMs: 200, metrics });
  const fake = provider();
  const handler = createTaskHandler({
    routing,
    provider: fake,
    pricing,
    retryPolicy: DEFAULT_RETRY_POLICY,
    topics: DEFAULT_TOPICS,
    maxTaskBytes: 1 << 20,
    budgetGate: gate,
  });
  const run = async (tenant: string, id: string): Promise<OutgoingMessage[]> => {
    const incoming: IncomingMessage = {
      topic: DEFAULT_TOPICS.tasks,
      partition: 0,
      offset: "0",
      key: id,
      value: Buffer.from(
        JSON.stringify({
          id,
          type: "account_strategy",
          messages: [{ role: "user", content: "Plan." }],
          maxTokens: 100,
          metadata: { tenant, feature: "plans" },
        }),
      ),
      headers: {},
      timestamp: "0",
    };
    return handler.handle(handler.decode(incoming), { logger, signal: new AbortController().signal, message: incoming });
  };
  return { tracker, fake, run, registry, gate };
}

function resultOf(messages: OutgoingMessage[]): ResultEvent {
  const found = messages.find((message) => message.topic === DEFAULT_TOPICS.results);
  assert.ok(found, "a result");
  return ResultEventSchema.parse(JSON.parse(String(found.value)));
}

describe("budget gate", () => {
  it("rejects a tenant at its limit with budget_exceeded and no model call; another tenant is unaffected", async () => {
    const { tracker, fake, run } = setUp({ rules: [{ tenant: "acme", limits: { day: 0.01 }, action: "reject" }] });
    tracker.reserve({ tenant: "acme", feature: "plans" }, 0).settle([{ costUsd: 0.01, eventId: null }]);
    const rejected = resultOf(await run("acme", "t-1"));
    assert.equal(rejected.status, "error");
    assert.equal(rejected.error?.type, "budget_exceeded");
    assert.match(rejected.routing.reason, /budget tenant=acme reached its day limit/);
    assert.equal(fake.calls.length, 0);
    assert.equal(resultOf(await run("globex", "t-2")).status, "ok");
    assert.equal(fake.calls.length, 1);
  });

  it("downgrades to the budget's tier and says so in routing.reason", async () => {
    const { tracker, fake, run } = setUp({ rules: [{ tenant: "acme", limits: { month: 1 }, action: "downgrade", downgradeTo: "fast" }] });
    tracker.reserve({ tenant: "acme", feature: "plans" }, 0).settle([{ costUsd: 1, eventId: null }]);
    const result = resultOf(await run("acme", "t-3"));
    assert.equal(result.status, "ok");
    assert.equal(result.tier, "fast");
    assert.match(result.routing.reason, /downgraded from powerful to fast/);
    assert.deepEqual(fake.calls, ["claude-haiku-4-5"]);
  });

  it("takes and gives the policy's decision: a downgrade keeps its policy version and ends its guard pair", async () => {
    const { tracker, gate } = setUp({ rules: [{ tenant: "acme", limits: { month: 1 }, action: "downgrade", downgradeTo: "fast" }] });
    tracker.reserve({ tenant: "acme", feature: "plans" }, 0).settle([{ costUsd: 1, eventId: null }]);
    const task = TaskEventSchema.parse({
      id: "t-guard",
      type: "account_strategy",
      messages: [{ role: "user", content: "Plan." }],
      maxTokens: 100,
      metadata: { tenant: "acme" },
    });
    const decision = {
      tier: "standard" as const,
      model: "claude-sonnet-4-5",
      reason: "policy v4",
      dimensions: { inputTokenEstimate: 10, requiresReasoning: true, outputType: "free_form" as const, accuracy: "standard" as const },
      policyVersion: 4,
      shadowRate: 0.05,
      guard: { tier: "powerful" as const, rate: 0.05, policyVersion: 4 },
    };
    const message: IncomingMessage = {
      topic: DEFAULT_TOPICS.tasks,
      partition: 0,
      offset: "0",
      key: task.id,
      value: Buffer.from("{}"),
      headers: {},
      timestamp: "0",
    };
    const admission = await gate.admit(task, decision, { logger, signal: new AbortController().signal, message }, 0);
    assert.equal(admission.kind, "proceed");
    if (admission.kind !== "proceed") return;
    assert.equal(admission.decision.tier, "fast");
    assert.equal(admission.decision.policyVersion, 4);
    assert.equal(admission.decision.shadowRate, 0.05);
    assert.equal(admission.decision.guard, null, "the guard compared the tier the policy chose, which the task no longer runs on");
  });

  it("sends a deferred task to the deferred topic with its original bytes and no result", async () => {
    const { tracker, fake, run } = setUp({ rules: [{ tenant: "acme", limits: { day: 1 }, action: "defer" }] });
    tracker.reserve({ tenant: "acme", feature: "plans" }, 0).settle([{ costUsd: 2, eventId: null }]);
    const messages = await run("acme", "t-4");
    assert.deepEqual(
      messages.map((message) => [message.topic, message.key]),
      [[DEFERRED, "t-4"]],
    );
    assert.equal(JSON.parse(String(messages[0]?.value)).id, "t-4");
    assert.equal(fake.calls.length, 0);
  });

  it("the deferred lane holds a task, re-queues it when nothing changed, and runs it once the limit is raised", async () => {
    const { tracker, fake, run } = setUp({ rules: [{ tenant: "acme", limits: { day: 1 }, action: "defer" }] }, "deferred");
    tracker.reserve({ tenant: "acme", feature: "plans" }, 0).settle([{ costUsd: 2, eventId: null }]);
    const requeued = await run("acme", "t-5");
    assert.deepEqual(
      requeued.map((message) => message.topic),
      [DEFERRED],
    );
    const held = run("acme", "t-6");
    setTimeout(() => tracker.setConfig(BudgetsConfigSchema.parse({ rules: [{ tenant: "acme", limits: { day: 10 }, action: "defer" }] })), 50);
    const result = resultOf(await held);
    assert.equal(result.status, "ok");
    assert.match(result.routing.reason, /deferred by a budget, then released/);
    assert.equal(fake.calls.length, 1);
  });

  it("reserves the estimated cost while a call is in flight and records the real cost after", async () => {
    const { tracker, run } = setUp({ rules: [{ tenant: "acme", limits: { day: 100 } }] });
    await run("acme", "t-7");
    const [status] = tracker.statuses();
    // account_strategy: powerful (claude-opus-4-5, $5 / $25 per M): 1,000 in + 200 out.
    assert.ok(Math.abs((status?.spentUsd ?? 0) - 0.01) < 1e-12, String(status?.spentUsd));
    assert.equal(status?.reservedUsd, 0);
  });

  it("caps tenant label values and puts the rest in other", async () => {
    const limiter = new LabelLimiter(2);
    assert.deepEqual(
      ["a", "b", "c", "a", ""].map((value) => limiter.label(value)),
      ["a", "b", "other", "a", "other"],
    );
    const { run, registry } = setUp({ rules: [{ tenant: "acme", limits: { day: 100 } }] });
    for (const tenant of ["t1", "t2", "t3", "t4"]) await run(tenant, `m-${tenant}`);
    const text = await registry.metrics();
    assert.match(text, /switchyard_tenant_calls_total\{tenant="other",feature="plans"[^}]*\} 2\n/);
    assert.match(text, /switchyard_budget_remaining_usd\{budget="tenant=acme",period="day"[^}]*\} 100\n/);
  });
});
