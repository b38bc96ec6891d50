import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PolicyChangeEventSchema, type PolicyChangeEventInput } from "@switchyard/contracts";
import { applyPolicyChange, EMPTY_POLICY_STATE, type PolicyState } from "../src";

const known = (type: string) => type === "campaign_summary" || type === "data_extraction";

function change(input: Partial<PolicyChangeEventInput>) {
  return PolicyChangeEventSchema.parse({
    version: 1,
    changeId: "c-1",
    policyVersion: 1,
    taskType: "campaign_summary",
    override: { tier: "fast" },
    author: "operator:alice",
    reason: "test",
    createdAt: "2026-11-30T10:00:00Z",
    ...input,
  });
}

function fold(...changes: Array<Partial<PolicyChangeEventInput>>): { state: PolicyState; outcomes: string[] } {
  let state = EMPTY_POLICY_STATE;
  const outcomes: string[] = [];
  for (const input of changes) {
    const result = applyPolicyChange(state, change(input), known);
    state = result.state;
    outcomes.push(result.outcome.kind);
  }
  return { state, outcomes };
}

describe("applyPolicyChange", () => {
  it("applies changes in version order and keeps the latest per task type", () => {
    const { state, outcomes } = fold(
      { changeId: "a", policyVersion: 1, override: { tier: "fast" } },
      { changeId: "b", policyVersion: 2, taskType: "data_extraction", override: { tier: "standard" } },
      { changeId: "c", policyVersion: 3, override: { tier: "powerful" } },
    );
    assert.deepEqual(outcomes, ["applied", "applied", "applied"]);
    assert.equal(state.policy.version, 3);
    assert.equal(state.policy.entries.campaign_summary?.override.tier, "powerful");
    assert.equal(state.policy.entries.data_extraction?.override.tier, "standard");
    assert.equal(state.history.length, 3);
  });

  it("applies a change id once: a second controller's identical change is a duplicate", () => {
    const { state, outcomes } = fold({ changeId: "same", policyVersion: 1 }, { changeId: "same", policyVersion: 1 }, { changeId: "same", policyVersion: 2 });
    assert.deepEqual(outcomes, ["applied", "duplicate", "duplicate"]);
    assert.equal(state.history.length, 1);
  });

  it("ignores a change whose version is not above the policy in force (a lost race) and one for an unknown type", () => {
    const { state, outcomes } = fold(
      { changeId: "a", policyVersion: 2 },
      { changeId: "b", policyVersion: 2, override: { tier: "powerful" } },
      { changeId: "c", policyVersion: 3, taskType: "no_such_type" },
    );
    assert.deepEqual(outcomes, ["applied", "stale", "unknown_type"]);
    assert.equal(state.policy.version, 2);
    assert.equal(state.policy.entries.campaign_summary?.override.tier, "fast");
  });

  it("removes the override of a change to null (back to the base config)", () => {
    const { state } = fold({ changeId: "a", policyVersion: 1 }, { changeId: "b", policyVersion: 2, override: null });
    assert.deepEqual(state.policy.entries, {});
    assert.equal(state.policy.version, 2);
  });
});
