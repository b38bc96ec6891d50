import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ClickHouseStore } from "@switchyard/clickhouse";
import type { ResultEvent, ShadowCandidateEvent, ShadowEvent, TaskEventInput, TopicNames, UsageEvent } from "@switchyard/contracts";
import { waitForMessages } from "@switchyard/kafka";
import { isSampledForShadow, resolveRoutingConfig, shadowTargetTier, type RoutingConfig } from "@switchyard/routing";
import { parseCandidates, parseResults, parseShadow, parseUsage, uniqueName, waitUntil } from "@switchyard/test-support";
import { catalogPrices, countRows, PipelineTestBed, publishInSlices, runWindowReport, startPipeline, untilDistinctKeys } from "./pipeline-support";

// 2,000 tasks through router, shadow consumer and metrics sink: Kafka, ClickHouse 18.16 and the simulator.
const TASKS_PER_TYPE = 500;
const TYPES = ["keyword_relevance", "campaign_summary", "account_strategy", "data_extraction"] as const;
const RATE = 0.05;

const bed = new PipelineTestBed();
let routing: RoutingConfig;
let store: ClickHouseStore;
let topics: TopicNames;
let startedAt = 0;
let results: ResultEvent[] = [];
let candidates: ShadowCandidateEvent[] = [];
let shadowEvents: ShadowEvent[] = [];
let usage: UsageEvent[] = [];

function task(type: (typeof TYPES)[number], id: string, index: number): TaskEventInput {
  const text: Record<(typeof TYPES)[number], string> = {
    keyword_relevance: `Keyword: "trail shoes ${index}". Product: hiking boots model ${index}. Relevant?`,
    campaign_summary: `Summarise week ${index % 52} of campaign ${index}: ${index * 13} clicks, ${index * 7} USD spent.`,
    account_strategy: `Account ${index} has ${index % 40} campaigns with overlapping keywords. How should it be restructured?`,
    data_extraction: `Insertion order #${index}: advertiser Acme ${index}, budget ${index * 31} USD, channel search.`,
  };
  return { id, type, messages: [{ role: "user", content: text[type] }], maxTokens: 300, metadata: { feature: "shadow-pipeline", tenant: `t${index % 3}` } };
}

before(async () => {
  await bed.connect();
  routing = resolveRoutingConfig({ shadow: { defaultRate: RATE } });
  store = bed.newStore();
  topics = await bed.createTopicNames(3);
  // A quarter of the powerful model's calls fail (and powerful has no fallback): failed tasks in the mix.
  const simulator = await bed.startSimulator({ latencyScale: 0, faults: [{ kind: "server_error", share: 0.25, models: ["claude-opus-5-5"] }] });
  const pipeline = await startPipeline({ bed, topics, routing, simulator, store });
  const run = uniqueName("sp");
  const tasks = TYPES.flatMap((type) => Array.from({ length: TASKS_PER_TYPE }, (_unused, index) => task(type, `${run}-${type}-${index}`, index)));
  startedAt = Date.now();
  await publishInSlices(
    pipeline.transport,
    tasks.map((entry) => ({ topic: topics.tasks, key: entry.id, value: JSON.stringify(entry) })),
  );
  await waitForMessages(pipeline.transport, { topic: topics.results, timeoutMs: 150_000, until: untilDistinctKeys(tasks.length) });
  const routedMs = Date.now() - startedAt;
  await waitUntil(() => pipeline.router.stats().handled === tasks.length, "the router handled every task");
  candidates = parseCandidates(await pipeline.transport.readTopic(topics.shadowCandidates));
  await waitUntil(
    () => pipeline.shadow?.stats().handled === candidates.length,
    () => `the shadow consumer handled ${candidates.length} candidates (${pipeline.shadow?.stats().handled})`,
  );
  results = parseResults(await pipeline.transport.readTopic(topics.results));
  shadowEvents = parseShadow(await pipeline.transport.readTopic(topics.shadow));
  usage = parseUsage(await pipeline.transport.readTopic(topics.usage));
  await waitUntil(
    async () =>
      (await countRows(store, "SELECT count() AS n FROM llm_shadow FINAL")) >= shadowEvents.length &&
      (await countRows(store, "SELECT count() AS n FROM llm_usage FINAL")) >= usage.length,
    "the sink stored every shadow and usage event",
  );
  process.stdout.write(
    `# ${tasks.length} tasks routed in ${routedMs} ms; ${candidates.length} shadowed, ${usage.length} model calls; pipeline done in ${Date.now() - startedAt} ms\n`,
  );
});

after(() => bed.clean());

describe("router + shadow + sink, 2,000 tasks", { timeout: 180_000 }, () => {
  it("shadows about 5% of the eligible tasks, exactly those the sampling picks, never a fast or failed one", () => {
    const perTask = new Map(results.map((result) => [result.taskId, result]));
    assert.equal(perTask.size, TYPES.length * TASKS_PER_TYPE);
    assert.equal(results.length, perTask.size, "one result per task");
    const failed = results.filter((result) => result.status === "error");
    assert.ok(failed.length > 0, "the run has failed tasks (the powerful model's faults)");
    const eligible = results.filter((result) => result.status === "ok" && result.tier !== "fast");
    const shadowed = new Set(candidates.map((candidate) => candidate.task.id));
    assert.equal(shadowed.size, candidates.length, "each task sampled once");

    for (const id of shadowed) {
      const result = perTask.get(id);
      assert.ok(result, `${id} has a result`);
      assert.equal(result.status, "ok", `${id}: a failed task is never shadowed`);
      assert.notEqual(result.tier, "fast", `${id}: a fast task is never shadowed`);
    }
    const expected = eligible.filter((result) => isSampledForShadow(result.taskId, RATE)).map((result) => result.taskId);
    assert.deepEqual([...shadowed].sort(), expected.sort(), "the shadowed tasks are the eligible ones the id hash samples");

    const share = shadowed.size / eligible.length;
    const tolerance = 4.5 * Math.sqrt((RATE * (1 - RATE)) / eligible.length);
    process.stdout.write(
      `# shadowed ${shadowed.size} of ${eligible.length} eligible (${(100 * share).toFixed(2)}%, tolerance ±${(100 * tolerance).toFixed(2)} points); ${failed.length} failed tasks\n`,
    );
    assert.ok(Math.abs(share - RATE) <= tolerance, `share ${share} is outside 5% ± ${tolerance}`);
  });

  it("publishes one shadow event per sampled pair on the next cheaper tier", () => {
    assert.equal(shadowEvents.length, candidates.length);
    const byTask = new Map(shadowEvents.map((event) => [event.taskId, event]));
    for (const candidate of candidates) {
      const event = byTask.get(candidate.task.id);
      assert.ok(event, `${candidate.task.id} was compared`);
      assert.equal(event.originalTier, candidate.result.tier);
      assert.equal(event.originalModel, candidate.result.model);
      assert.equal(event.shadowTier, shadowTargetTier(routing, candidate.result.tier ?? "fast"));
      assert.equal(event.shadowModel, routing.models[event.shadowTier]);
      assert.equal(event.originalCostUsd, candidate.result.costUsd);
      assert.ok(["agree", "disagree"].includes(event.verdict), `${event.taskId}: ${event.verdict}`);
      assert.match(event.evaluator, /^judge:claude-sonnet-5-5$/, "free-form types are judged by the standard tier");
      assert.equal(event.originalOutput, candidate.result.text);
    }
  });

  it("stores each comparison in llm_shadow once", async () => {
    const [row] = await store.query<{ rows: number; ids: number; tasks: number }>(
      "SELECT count() AS rows, uniqExact(event_id) AS ids, uniqExact(task_id) AS tasks FROM llm_shadow FINAL",
    );
    assert.deepEqual([Number(row?.rows), Number(row?.ids), Number(row?.tasks)], [candidates.length, candidates.length, candidates.length]);
    const stored = await store.query<{ task_id: string; verdict: string; shadow_tier: string }>("SELECT task_id, verdict, shadow_tier FROM llm_shadow FINAL");
    const published = new Map(shadowEvents.map((event) => [event.taskId, event]));
    for (const entry of stored) {
      assert.equal(entry.verdict, published.get(entry.task_id)?.verdict);
      assert.equal(entry.shadow_tier, published.get(entry.task_id)?.shadowTier);
    }
  });

  it("records shadow and judge calls under their own roles, and the savings report shows them as the cost of evaluation", async () => {
    const shadowCalls = usage.filter((event) => event.role === "shadow");
    const judgeCalls = usage.filter((event) => event.role === "judge");
    assert.equal(shadowCalls.length, candidates.length, "one shadow call per pair");
    assert.equal(judgeCalls.length, shadowEvents.filter((event) => event.evaluator.startsWith("judge:")).length, "one judge call per judged pair");
    for (const call of shadowCalls) assert.notEqual(call.tier, perTaskTier(call.taskId), "the shadow call ran on another tier");
    for (const call of judgeCalls) assert.deepEqual([call.tier, call.model], ["standard", "claude-sonnet-5-5"]);

    const sum = (values: ReadonlyArray<number | null>) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
    const byRole = new Map(
      (
        await store.query<{ role: string; calls: number; cost: number }>(
          "SELECT role, count() AS calls, sum(cost_usd) AS cost FROM llm_usage FINAL GROUP BY role",
        )
      ).map((row) => [row.role, { calls: Number(row.calls), cost: Number(row.cost) }]),
    );
    assert.equal(byRole.get("shadow")?.calls, shadowCalls.length);
    assert.equal(byRole.get("judge")?.calls, judgeCalls.length);
    const shadowCost = sum(shadowEvents.map((event) => event.shadowCostUsd));
    const judgeCost = sum(shadowEvents.map((event) => event.evaluationCostUsd));
    assert.ok(shadowCost > 0 && judgeCost > 0);
    assert.ok(Math.abs((byRole.get("shadow")?.cost ?? 0) - shadowCost) < 1e-9, `shadow cost ${byRole.get("shadow")?.cost} vs ${shadowCost}`);
    assert.ok(Math.abs((byRole.get("judge")?.cost ?? 0) - judgeCost) < 1e-9, `judge cost ${byRole.get("judge")?.cost} vs ${judgeCost}`);

    const savings = await runWindowReport(store, "savings", startedAt, { prices: catalogPrices(routing) });
    process.stdout.write(
      `# savings report:\n${savings.map((row) => `#   ${row.task_type}: evaluation ${row.evaluation_cost_usd} USD, ${row.quality_change}`).join("\n")}\n`,
    );
    for (const type of TYPES) {
      const row = savings.find((entry) => entry.task_type === type);
      assert.ok(row, `a savings row for ${type}`);
      const evaluation = sum(usage.filter((event) => event.type === type && (event.role === "shadow" || event.role === "judge")).map((event) => event.costUsd));
      assert.ok(Math.abs(Number(row.evaluation_cost_usd) - evaluation) <= 1e-6, `${type}: evaluation cost ${row.evaluation_cost_usd} vs ${evaluation}`);
      const routedCalls = usage.filter((event) => event.type === type && (event.role === "primary" || event.role === "fallback")).length;
      assert.equal(Number(row.calls), routedCalls, `${type}: the routed calls exclude evaluation`);
    }
    for (const type of ["campaign_summary", "account_strategy"]) {
      assert.ok(Number(savings.find((entry) => entry.task_type === type)?.evaluation_cost_usd) > 0, `${type} has an evaluation cost`);
    }
    const total = savings.find((entry) => entry.task_type === "(all)");
    assert.ok(Math.abs(Number(total?.evaluation_cost_usd) - (shadowCost + judgeCost)) <= 1e-6, "the total row carries the whole evaluation cost");
  });
});

function perTaskTier(taskId: string): string | null {
  return results.find((result) => result.taskId === taskId)?.tier ?? null;
}
