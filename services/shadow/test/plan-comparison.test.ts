import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShadowCandidateEventSchema, type Tier } from "@switchyard/contracts";
import { resolveRoutingConfig, type RoutingPolicy } from "@switchyard/routing";
import { buildResultEvent } from "@switchyard/test-support";
import { buildShadowEvent } from "../src/build-shadow-event";
import { planComparison } from "../src/plan-comparison";

const routing = resolveRoutingConfig({});

function candidate(tier: Tier, guard?: { tier: Tier; policyVersion: number }, routedUnder?: number) {
  return ShadowCandidateEventSchema.parse({
    version: 1,
    task: { id: "cs-1", type: "campaign_summary", messages: [{ role: "user", content: "Summarise." }], maxTokens: 10 },
    result: buildResultEvent({
      taskId: "cs-1",
      type: "campaign_summary",
      tier,
      model: routing.models[tier],
      routing: { reason: "r", fallbackFrom: null, ...(routedUnder === undefined ? {} : { policyVersion: routedUnder }) },
    }),
    ...(guard ? { guard } : {}),
  });
}

describe("planComparison", () => {
  it("re-runs a pre-move pair on the next cheaper tier with the original as the reference", () => {
    assert.deepEqual(planComparison(candidate("standard"), routing), { rerunTier: "fast", phase: "shadow", reference: "original" });
    assert.equal(planComparison(candidate("fast"), routing), null);
  });

  it("re-runs a guard pair on the tier the type left, which gives the reference answer", () => {
    assert.deepEqual(planComparison(candidate("fast", { tier: "standard", policyVersion: 4 }), routing), {
      rerunTier: "standard",
      phase: "guard",
      reference: "rerun",
    });
  });

  it("reads the guard from the policy the shadow follows, not from the candidate", () => {
    const guard = { rerunTier: "standard", phase: "guard", reference: "rerun" };
    // campaign_summary moved standard -> fast at v4, under which the tasks were routed; the router recorded no guard.
    assert.deepEqual(planComparison(candidate("fast", undefined, 4), routing, movedAt(4)), guard);
    assert.deepEqual(planComparison(candidate("fast", undefined, 5), routing, { ...movedAt(4), version: 5 }), guard);
    // A task pinned to standard under the move is a pre-move pair, whatever the candidate says.
    assert.deepEqual(planComparison(candidate("standard", { tier: "powerful", policyVersion: 4 }, 4), routing, movedAt(4)), {
      rerunTier: "fast",
      phase: "shadow",
      reference: "original",
    });
  });

  it("takes the router's record when the type's entry changed after the task was routed", () => {
    const recorded = candidate("fast", { tier: "standard", policyVersion: 4 }, 4);
    const guard = { rerunTier: "standard", phase: "guard", reference: "rerun" };
    // Moved back to the base config at v5: the entry is gone; the pair is post-move evidence of v4's move.
    assert.deepEqual(planComparison(recorded, routing, { version: 5, entries: {} }), guard);
    assert.deepEqual(planComparison(recorded, routing, movedAt(6)), guard);
    assert.equal(planComparison(candidate("fast", undefined, 4), routing, { version: 5, entries: {} }), null);
  });

  it("gives guard pairs their own event id and phase", () => {
    const base = {
      taskId: "cs-1",
      type: "campaign_summary",
      originalTier: "fast" as const,
      originalModel: "m",
      shadowTier: "standard" as const,
      shadowModel: "n",
      evaluator: "judge",
      score: 1,
      verdict: "agree" as const,
      originalCostUsd: 0,
      shadowCostUsd: 0,
      evaluationCostUsd: 0,
      originalOutput: "a",
      shadowOutput: "a",
      metadata: {},
      ts: new Date("2026-11-30T10:00:00Z"),
    };
    const guard = buildShadowEvent({ ...base, phase: "guard", policyVersion: 4 }, true);
    assert.equal(guard.eventId, "cs-1:guard:standard");
    assert.equal(guard.phase, "guard");
    assert.equal(guard.policyVersion, 4);
    assert.equal(buildShadowEvent(base, true).eventId, "cs-1:standard");
  });
});

function movedAt(version: number): RoutingPolicy {
  const change = {
    version: 1 as const,
    changeId: `c${version}`,
    policyVersion: version,
    taskType: "campaign_summary",
    override: { tier: "fast" as const },
    movedFrom: "standard" as const,
    pinned: false,
    author: "controller" as const,
    reason: "moved",
    evidence: null,
    createdAt: "2026-11-30T09:00:00Z",
  };
  return { version, entries: { campaign_summary: { override: change.override, change } } };
}
