import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShadowCandidateEventSchema, type Tier } from "@switchyard/contracts";
import { resolveRoutingConfig } from "@switchyard/routing";
import { buildShadowEvent } from "../src/build-shadow-event";
import { planComparison } from "../src/plan-comparison";

const routing = resolveRoutingConfig({});

function candidate(tier: Tier, guard?: { tier: Tier; policyVersion: number }) {
  return ShadowCandidateEventSchema.parse({
    version: 1,
    task: { id: "cs-1", type: "campaign_summary", messages: [{ role: "user", content: "Summarise." }], maxTokens: 10 },
    result: {
      version: 1, taskId: "cs-1", type: "campaign_summary", status: "ok", text: "x", tier, model: routing.models[tier],
      routing: { reason: "r", fallbackFrom: null }, usage: { inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      costUsd: 0, latencyMs: 1, attempts: 1, metadata: {}, completedAt: "2026-11-30T10:00:00Z",
    },
    ...(guard ? { guard } : {}),
  });
}

describe("planComparison", () => {
  it("re-runs a pre-move pair on the next cheaper tier with the original as the reference", () => {
    assert.deepEqual(planComparison(candidate("standard"), routing), { rerunTier: "fast", phase: "shadow", reference: "original" });
    assert.equal(planComparison(candidate("fast"), routing), null);
  });

  it("re-runs a guard pair on the tier the type left, which gives the reference answer", () => {
    assert.deepEqual(planComparison(candidate("fast", { tier: "standard", policyVersion: 4 }), routing), { rerunTier: "standard", phase: "guard", reference: "rerun" });
  });

  it("gives guard pairs their own event id and phase", () => {
    const base = {
      taskId: "cs-1", type: "campaign_summary", originalTier: "fast" as const, originalModel: "m", shadowTier: "standard" as const, shadowModel: "n",
      evaluator: "judge", score: 1, verdict: "agree" as const, originalCostUsd: 0, shadowCostUsd: 0, evaluationCostUsd: 0,
      originalOutput: "a", shadowOutput: "a", metadata: {}, ts: new Date("2026-11-30T10:00:00Z"),
    };
    const guard = buildShadowEvent({ ...base, phase: "guard", policyVersion: 4 }, true);
    assert.equal(guard.eventId, "cs-1:guard:standard");
    assert.equal(guard.phase, "guard");
    assert.equal(guard.policyVersion, 4);
    assert.equal(buildShadowEvent(base, true).eventId, "cs-1:standard");
  });
});
