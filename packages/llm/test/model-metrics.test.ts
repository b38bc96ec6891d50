import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "@switchyard/platform";
import { buildAttemptRecord } from "@switchyard/test-support";
import { createModelMetrics, type AttemptRecord } from "../src/index";

const attempt: AttemptRecord = buildAttemptRecord({
  usage: { inputTokens: 1_000, outputTokens: 200, cacheCreationInputTokens: 0, cacheReadInputTokens: 300 },
  costUsd: 0.00609,
  latencyMs: 1_500,
  requestId: "req_1",
});

async function valueOf(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((value) => Object.entries(labels).every(([key, label]) => String(value.labels[key]) === label))?.value;
}

describe("createModelMetrics", () => {
  it("records calls, latency, cost, tokens and errors by model and tier", async () => {
    const registry = new Registry();
    const metrics = createModelMetrics(registry);
    metrics.record(attempt);
    metrics.record({
      ...attempt,
      attempt: 2,
      status: "error",
      errorType: "overloaded",
      usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      costUsd: 0,
    });
    metrics.record({ ...attempt, model: "acme", costUsd: null });
    const labels = { model: "claude-sonnet-4-5", tier: "standard" };
    assert.equal(await valueOf(registry, "switchyard_model_calls_total", { ...labels, status: "ok" }), 1);
    assert.equal(await valueOf(registry, "switchyard_model_calls_total", { ...labels, status: "error" }), 1);
    assert.equal(await valueOf(registry, "switchyard_model_errors_total", { ...labels, error_type: "overloaded" }), 1);
    assert.equal(await valueOf(registry, "switchyard_model_cost_usd_total", labels), 0.00609);
    assert.equal(await valueOf(registry, "switchyard_model_cost_usd_total", { model: "acme" }), undefined, "no cost for an unknown price");
    assert.equal(await valueOf(registry, "switchyard_model_tokens_total", { ...labels, kind: "input" }), 1_000);
    assert.equal(await valueOf(registry, "switchyard_model_tokens_total", { ...labels, kind: "cache_read" }), 300);
    assert.equal(await valueOf(registry, "switchyard_model_call_duration_seconds", { ...labels, le: "2" }), 2);
    assert.doesNotThrow(() => createModelMetrics(registry), "get-or-create on a shared registry");
  });
});
