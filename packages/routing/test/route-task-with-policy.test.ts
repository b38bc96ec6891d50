import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PolicyChangeEventSchema, TaskEventSchema, type PolicyChangeEvent, type TaskEventInput } from "@switchyard/contracts";
import { BASE_POLICY, resolveRoutingConfig, routeTaskWithPolicy, type RoutingPolicy } from "../src";

const routing = resolveRoutingConfig({ shadow: { defaultRate: 0.05 } });

function task(input: Partial<TaskEventInput> = {}) {
  return TaskEventSchema.parse({ id: "t-1", type: "campaign_summary", messages: [{ role: "user", content: "Summarise." }], maxTokens: 100, ...input });
}

function change(input: Partial<PolicyChangeEvent> & Pick<PolicyChangeEvent, "policyVersion" | "taskType" | "override">): PolicyChangeEvent {
  return PolicyChangeEventSchema.parse({
    version: 1,
    changeId: `c-${input.policyVersion}`,
    author: "controller",
    reason: `${input.taskType} moved`,
    createdAt: "2026-11-30T10:00:00Z",
    ...input,
  });
}

function policyWith(...changes: PolicyChangeEvent[]): RoutingPolicy {
  const entries: Record<string, RoutingPolicy["entries"][string]> = {};
  for (const item of changes) if (item.override) entries[item.taskType] = { override: item.override, change: item };
  return { version: Math.max(0, ...changes.map((item) => item.policyVersion)), entries };
}

describe("routeTaskWithPolicy", () => {
  it("routes by the base config's rules at version 0 when no policy is in force", () => {
    const decision = routeTaskWithPolicy(task(), routing, BASE_POLICY);
    assert.equal(decision.tier, "standard");
    assert.equal(decision.policyVersion, 0);
    assert.equal(decision.guard, null);
    assert.equal(decision.shadowRate, 0.05);
  });

  it("lets the policy's override beat the base config, with a reason naming its version", () => {
    const policy = policyWith(change({ policyVersion: 7, taskType: "campaign_summary", override: { tier: "fast" }, movedFrom: "standard", guardRate: 0.1 }));
    const decision = routeTaskWithPolicy(task(), routing, policy);
    assert.equal(decision.tier, "fast");
    assert.equal(decision.model, routing.models.fast);
    assert.equal(decision.policyVersion, 7);
    assert.equal(decision.reason, "policy v7: campaign_summary moved");
    assert.deepEqual(decision.guard, { tier: "standard", rate: 0.1, policyVersion: 7 });
  });

  it("lets a task's tier pin beat the policy's override", () => {
    const policy = policyWith(change({ policyVersion: 3, taskType: "campaign_summary", override: { tier: "fast" }, movedFrom: "standard" }));
    const decision = routeTaskWithPolicy(task({ tier: "powerful" }), routing, policy);
    assert.equal(decision.tier, "powerful");
    assert.equal(decision.reason, "pinned to powerful by the task");
    assert.equal(decision.policyVersion, 3, "the version in force is still reported");
    assert.equal(decision.guard, null);
  });

  it("leaves other task types on the base config", () => {
    const policy = policyWith(change({ policyVersion: 2, taskType: "campaign_summary", override: { tier: "fast" } }));
    assert.equal(routeTaskWithPolicy(task({ type: "account_strategy" }), routing, policy).tier, "powerful");
  });

  it("applies an override's thresholds and shadow rate to its type only", () => {
    const policy = policyWith(
      change({ policyVersion: 4, taskType: "campaign_summary", override: { thresholds: { fastBelowInputTokens: 10_000 }, shadowRate: 0.5 } }),
    );
    // campaign_summary is free-form: rule 3 still does not apply, so the thresholds change nothing but the reason.
    const summary = routeTaskWithPolicy(task({ dimensions: { outputType: "structured" } }), routing, policy);
    assert.equal(summary.tier, "fast");
    assert.match(summary.reason, /thresholds from policy v4/);
    assert.equal(summary.shadowRate, 0.5);
    assert.equal(routeTaskWithPolicy(task({ type: "data_extraction", dimensions: { inputTokenEstimate: 5_000 } }), routing, policy).tier, "standard");
  });
});
