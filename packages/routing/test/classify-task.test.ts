import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TaskEventSchema, type TaskEventInput } from "@switchyard/contracts";
import { InvalidEventError } from "@switchyard/contracts";
import { classifyTask, estimateInputTokens, fallbackChain, isSampledForShadow, resolveRoutingConfig, routeTask, shadowTargetTier } from "../src/index";

const config = resolveRoutingConfig({});
const thresholds = config.thresholds;

function task(input: Partial<TaskEventInput> = {}) {
  return TaskEventSchema.parse({
    id: "t-1",
    type: "keyword_relevance",
    messages: [{ role: "user", content: "Is 'running shoes' relevant to a trail shoe brand?" }],
    maxTokens: 64,
    ...input,
  });
}

describe("classifyTask", () => {
  it("rule 1: a large input goes to powerful even when structured", () => {
    const result = classifyTask({ inputTokenEstimate: 50_001, requiresReasoning: false, outputType: "structured", accuracy: "best_effort" }, thresholds);
    assert.equal(result.tier, "powerful");
    assert.match(result.reason, /rule 1/);
  });
  it("rule 1 is strict: exactly the threshold is not above it", () => {
    const result = classifyTask({ inputTokenEstimate: 50_000, requiresReasoning: false, outputType: "free_form", accuracy: "standard" }, thresholds);
    assert.equal(result.tier, "standard");
  });
  it("rule 2: reasoning with high accuracy goes to powerful", () => {
    assert.equal(classifyTask({ inputTokenEstimate: 10, requiresReasoning: true, outputType: "structured", accuracy: "high" }, thresholds).tier, "powerful");
  });
  it("reasoning without high accuracy is not rule 2", () => {
    assert.equal(classifyTask({ inputTokenEstimate: 10, requiresReasoning: true, outputType: "structured", accuracy: "standard" }, thresholds).tier, "fast");
  });
  it("rule 3: small structured output goes to fast; 3,000 tokens does not", () => {
    assert.equal(
      classifyTask({ inputTokenEstimate: 2_999, requiresReasoning: false, outputType: "structured", accuracy: "best_effort" }, thresholds).tier,
      "fast",
    );
    assert.equal(
      classifyTask({ inputTokenEstimate: 3_000, requiresReasoning: false, outputType: "structured", accuracy: "standard" }, thresholds).tier,
      "standard",
    );
  });
  it("rule 3 needs accuracy other than high", () => {
    assert.equal(classifyTask({ inputTokenEstimate: 100, requiresReasoning: false, outputType: "structured", accuracy: "high" }, thresholds).tier, "standard");
  });
  it("thresholds are configurable", () => {
    const custom = resolveRoutingConfig({ thresholds: { powerfulAboveInputTokens: 1_000, fastBelowInputTokens: 100 } }).thresholds;
    assert.equal(classifyTask({ inputTokenEstimate: 1_001, requiresReasoning: false, outputType: "free_form", accuracy: "standard" }, custom).tier, "powerful");
    assert.equal(classifyTask({ inputTokenEstimate: 150, requiresReasoning: false, outputType: "structured", accuracy: "standard" }, custom).tier, "standard");
  });
});

describe("routeTask", () => {
  it("routes the four built-in types as the article's table says", () => {
    const expected = { keyword_relevance: "fast", campaign_summary: "standard", account_strategy: "powerful", data_extraction: "fast" };
    for (const [type, tier] of Object.entries(expected)) {
      const decision = routeTask(task({ type }), config);
      assert.equal(decision.tier, tier, type);
      assert.equal(decision.model, config.models[decision.tier]);
    }
  });
  it("event dimensions override the type's defaults", () => {
    const decision = routeTask(task({ dimensions: { accuracy: "high", requiresReasoning: true } }), config);
    assert.equal(decision.tier, "powerful");
    assert.equal(decision.dimensions.outputType, "structured");
  });
  it("a pinned tier skips classification", () => {
    const decision = routeTask(task({ tier: "powerful" }), config);
    assert.equal(decision.tier, "powerful");
    assert.match(decision.reason, /pinned/);
  });
  it("an unknown type needs full dimensions", () => {
    assert.throws(
      () => routeTask(task({ type: "poem" }), config),
      (error: unknown) => error instanceof InvalidEventError && error.taskId === "t-1",
    );
    const decision = routeTask(task({ type: "poem", dimensions: { requiresReasoning: false, outputType: "free_form", accuracy: "best_effort" } }), config);
    assert.equal(decision.tier, "standard");
  });
  it("a long prompt raises the type's token figure", () => {
    const long = "word ".repeat((60_000 * 4) / 5);
    const decision = routeTask(task({ messages: [{ role: "user", content: long }] }), config);
    assert.equal(decision.tier, "powerful");
    assert.ok(decision.dimensions.inputTokenEstimate > 50_000);
  });
  it("the event's own estimate wins over the measured one", () => {
    const decision = routeTask(task({ dimensions: { inputTokenEstimate: 10 }, messages: [{ role: "user", content: "x".repeat(40_000) }] }), config);
    assert.equal(decision.dimensions.inputTokenEstimate, 10);
    assert.equal(decision.tier, "fast");
  });
});

describe("estimateInputTokens", () => {
  it("counts system, text and blocks", () => {
    assert.equal(estimateInputTokens({ system: "x".repeat(40), messages: [{ role: "user", content: "y".repeat(8) }] }), 10 + 4 + 2);
    assert.equal(
      estimateInputTokens({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "z".repeat(4) },
              { type: "image", source: {} },
            ],
          },
        ],
      }),
      4 + 1 + 1_600,
    );
  });
});

describe("fallbacks and shadow targets", () => {
  it("standard falls back to powerful by default", () => {
    assert.deepEqual(fallbackChain(config, "standard"), ["standard", "powerful"]);
    assert.deepEqual(fallbackChain(config, "fast"), ["fast"]);
    const custom = resolveRoutingConfig({ fallbacks: { fast: ["standard", "powerful"], standard: ["powerful"], powerful: [] } });
    assert.deepEqual(fallbackChain(custom, "fast"), ["fast", "standard", "powerful"]);
  });
  it("shadow goes one tier down; fast has nothing cheaper", () => {
    assert.equal(shadowTargetTier(config, "powerful"), "standard");
    assert.equal(shadowTargetTier(config, "standard"), "fast");
    assert.equal(shadowTargetTier(config, "fast"), null);
    assert.equal(shadowTargetTier(resolveRoutingConfig({ shadow: { targets: { powerful: "fast" } } }), "powerful"), "fast");
  });
  it("sampling is deterministic and close to the rate", () => {
    let sampled = 0;
    for (let index = 0; index < 20_000; index += 1) if (isSampledForShadow(`task-${index}`, 0.05)) sampled += 1;
    // 5% of 20,000 = 1,000; binomial sd ≈ 30.8, so ±5 sd is 846..1154.
    assert.ok(sampled > 846 && sampled < 1154, `sampled ${sampled}`);
    assert.equal(isSampledForShadow("task-7", 0.05), isSampledForShadow("task-7", 0.05));
    assert.equal(isSampledForShadow("task-7", 0), false);
    assert.equal(isSampledForShadow("task-7", 1), true);
  });
});

describe("routing config", () => {
  it("rejects a bad model map and keeps the built-in types under the user's", () => {
    assert.throws(() => resolveRoutingConfig({ models: { fast: "" } }));
    const custom = resolveRoutingConfig({
      taskTypes: { sentiment: { dimensions: { inputTokenEstimate: 100, requiresReasoning: false, outputType: "structured", accuracy: "best_effort" } } },
    });
    assert.ok(custom.taskTypes.sentiment);
    assert.ok(custom.taskTypes.keyword_relevance);
  });
});
