import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PolicyChangeEventSchema, type PolicyChangeEvent, type PolicyChangeEventInput } from "@switchyard/contracts";
import { applyPolicyChange, EMPTY_POLICY_STATE } from "@switchyard/policy";
import { ConfigurationError } from "@switchyard/platform";
import { planRollback } from "../src/policy/plan-rollback";

function change(input: Partial<PolicyChangeEventInput> & { policyVersion: number }): PolicyChangeEvent {
  return PolicyChangeEventSchema.parse({
    version: 1,
    changeId: `c-${input.policyVersion}`,
    taskType: "campaign_summary",
    override: { tier: "fast" },
    author: "operator:a",
    reason: "r",
    createdAt: "2026-11-30T10:00:00Z",
    ...input,
  });
}

function fold(changes: PolicyChangeEvent[]) {
  let state = EMPTY_POLICY_STATE;
  for (const item of changes) state = applyPolicyChange(state, item, () => true).state;
  return state;
}

describe("planRollback", () => {
  const history = [
    change({ policyVersion: 1, override: { tier: "fast" }, movedFrom: "standard" }),
    change({ policyVersion: 2, taskType: "account_strategy", override: { tier: "standard" } }),
    change({ policyVersion: 3, override: { tier: "powerful" } }),
  ];
  const state = fold(history);

  it("restores each type's override at the version, as changes for the types that differ", () => {
    assert.deepEqual(planRollback(state.history, state.policy, 1), [
      { taskType: "account_strategy", override: null, movedFrom: null },
      { taskType: "campaign_summary", override: { tier: "fast" }, movedFrom: "standard" },
    ]);
    assert.deepEqual(
      planRollback(state.history, state.policy, 0).map((step) => step.override),
      [null, null],
    );
  });

  it("refuses a version at or above the one in force, or one the topic no longer holds", () => {
    assert.throws(() => planRollback(state.history, state.policy, 3), ConfigurationError);
    const compacted = fold([history[1] as PolicyChangeEvent, history[2] as PolicyChangeEvent]);
    assert.throws(() => planRollback(compacted.history, compacted.policy, 2), /compacted away/);
  });
});
