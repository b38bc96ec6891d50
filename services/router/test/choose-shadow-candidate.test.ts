import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ResultEventSchema, TaskEventSchema, type Tier } from "@switchyard/contracts";
import { resolveRoutingConfig, type PolicyRoutingDecision } from "@switchyard/routing";
import { buildResultEvent } from "@switchyard/test-support";
import { chooseShadowCandidate } from "../src/choose-shadow-candidate";

const routing = resolveRoutingConfig({});
const task = TaskEventSchema.parse({ id: "cs-1", type: "campaign_summary", messages: [{ role: "user", content: "Summarise." }], maxTokens: 10 });

function result(tier: Tier) {
  return ResultEventSchema.parse(
    buildResultEvent({
      taskId: "cs-1",
      type: "campaign_summary",
      tier,
      model: routing.models[tier],
      routing: { reason: "r", fallbackFrom: null, policyVersion: 3 },
    }),
  );
}

function decision(tier: Tier, overrides: Partial<PolicyRoutingDecision> = {}): PolicyRoutingDecision {
  return {
    tier,
    model: routing.models[tier],
    reason: "r",
    dimensions: { inputTokenEstimate: 1, requiresReasoning: false, outputType: "free_form", accuracy: "standard" },
    policyVersion: 3,
    shadowRate: 1,
    guard: null,
    ...overrides,
  };
}

describe("chooseShadowCandidate", () => {
  it("marks a moved type's sample as a guard pair re-run on the tier it left", () => {
    const candidate = chooseShadowCandidate(task, result("fast"), decision("fast", { guard: { tier: "standard", rate: 1, policyVersion: 3 } }), routing);
    assert.deepEqual(candidate?.guard, { tier: "standard", policyVersion: 3 });
  });

  it("samples an unmoved type on its shadow rate, and nothing on the cheapest tier", () => {
    assert.equal(chooseShadowCandidate(task, result("standard"), decision("standard"), routing)?.guard, undefined);
    assert.ok(chooseShadowCandidate(task, result("standard"), decision("standard"), routing));
    assert.equal(chooseShadowCandidate(task, result("standard"), decision("standard", { shadowRate: 0 }), routing), null);
    assert.equal(chooseShadowCandidate(task, result("fast"), decision("fast"), routing), null);
  });

  it("does not guard a task that fell back to another tier, and never samples a failed task", () => {
    const guard = { tier: "standard" as const, rate: 1, policyVersion: 3 };
    assert.equal(chooseShadowCandidate(task, result("standard"), decision("fast", { guard }), routing)?.guard, undefined);
    assert.equal(chooseShadowCandidate(task, { ...result("fast"), status: "error" }, decision("fast", { guard }), routing), null);
  });
});
