import { test } from "node:test";
import assert from "node:assert/strict";
import { TaskEventSchema } from "@switchyard/contracts";
import { estimateInputTokens, routeTask } from "@switchyard/routing";
import { allocateDemoTasks, buildDemoRoutingConfig, chooseDemoShadowRate, chooseLoopPhaseTasks, DEMO_MIX, generateDemoTasks } from "../src/index";

test("the mix allocates exactly the requested number of tasks, in the article's proportions", () => {
  assert.deepEqual(Object.fromEntries(allocateDemoTasks(2_000)), {
    keyword_relevance: 1_000,
    data_extraction: 400,
    campaign_summary: 500,
    account_strategy: 100,
  });
  for (const total of [1, 7, 33, 299, 1_001]) {
    const counts = [...allocateDemoTasks(total).values()];
    assert.equal(
      counts.reduce((sum, count) => sum + count, 0),
      total,
      `total ${total}`,
    );
  }
  assert.equal(
    DEMO_MIX.reduce((sum, kind) => sum + kind.share, 0),
    1,
  );
});

test("generated tasks are valid, unique, and route 70% fast, 25% standard, 5% powerful by the default rules", () => {
  const routing = buildDemoRoutingConfig(0.05);
  const tasks = generateDemoTasks({ tasks: 400, runId: "unit" });
  assert.equal(new Set(tasks.map((task) => task.id)).size, 400);
  const tiers = { fast: 0, standard: 0, powerful: 0 };
  for (const task of tasks) {
    TaskEventSchema.parse(task);
    const decision = routeTask(task, routing);
    tiers[decision.tier] += 1;
    assert.ok(task.metadata?.feature && task.metadata.tenant, "feature and tenant metadata");
    const tokens = estimateInputTokens(task);
    if (task.type === "keyword_relevance") assert.ok(tokens >= 150 && tokens < 1_000, `keyword relevance: ${tokens} tokens`);
    if (task.type === "data_extraction") assert.ok(tokens >= 900 && tokens < 3_000, `data extraction: ${tokens} tokens (fast needs < 3,000)`);
    if (task.type === "campaign_summary") assert.ok(tokens >= 3_000 && tokens < 10_000, `campaign summary: ${tokens} tokens`);
    if (task.type === "account_strategy") assert.ok(tokens >= 10_000 && tokens < 50_000, `account strategy: ${tokens} tokens (rule 1 starts at 50,000)`);
  }
  assert.deepEqual(tiers, { fast: 280, standard: 100, powerful: 20 });
  assert.deepEqual(routing.models, { fast: "claude-3-haiku", standard: "claude-3-5-sonnet", powerful: "claude-3-opus" });
});

test("the workload's content depends on the seed, not on the run", () => {
  const first = generateDemoTasks({ tasks: 50, runId: "one" });
  const second = generateDemoTasks({ tasks: 50, runId: "two" });
  assert.deepEqual(
    first.map((task) => task.messages),
    second.map((task) => task.messages),
  );
  assert.notDeepEqual(
    first.map((task) => task.id),
    second.map((task) => task.id),
  );
  const other = generateDemoTasks({ tasks: 50, runId: "one", seed: "another seed" });
  assert.notDeepEqual(
    first.map((task) => task.messages),
    other.map((task) => task.messages),
  );
});

test("the demo's shadow rate aims at about 250 campaign-summary samples, between 5% and 100%", () => {
  assert.equal(chooseDemoShadowRate(2_000), 0.5);
  assert.equal(chooseDemoShadowRate(300), 1);
  assert.equal(chooseDemoShadowRate(100_000), 0.05);
  assert.equal(chooseDemoShadowRate(10_000), 0.1);
  assert.equal(chooseDemoShadowRate(1_000), 1, "the default run: every standard and powerful task of phase 1");
});

test("the loop's phases are half of phase 1, at most the 480 tasks that give the guard about 120 pairs each", () => {
  assert.equal(chooseLoopPhaseTasks(1_000), 480);
  assert.equal(chooseLoopPhaseTasks(600), 300);
  assert.equal(chooseLoopPhaseTasks(100_000), 480);
  assert.equal(chooseLoopPhaseTasks(1), 1);
  // Every task of the moved type is guarded: 480 x 25% summaries = 120 guard pairs per phase.
  assert.equal(buildDemoRoutingConfig(0.5).policy.guardRate, 1);
});
