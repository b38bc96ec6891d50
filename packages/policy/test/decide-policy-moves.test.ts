import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PolicyChangeEventSchema, type PolicyChangeEventInput } from "@switchyard/contracts";
import { BASE_POLICY, resolveRoutingConfig, type RoutingPolicy } from "@switchyard/routing";
import { decidePolicyMoves, type EvidenceQuery } from "../src";

const routing = resolveRoutingConfig({ policy: { target: 0.95, minSamples: 100, stepIntervalMinutes: 60 } });
const now = new Date("2026-11-30T12:00:00Z");

function evidence(table: Record<string, [number, number]>) {
  const queries: EvidenceQuery[] = [];
  const read = async (query: EvidenceQuery) => {
    queries.push(query);
    const [samples, agreements] = table[`${query.taskType}:${query.phase}:${query.fromTier}->${query.toTier}`] ?? [0, 0];
    return { samples, agreements };
  };
  return { read, queries };
}

function policyWith(input: Partial<PolicyChangeEventInput>): RoutingPolicy {
  const change = PolicyChangeEventSchema.parse({
    version: 1,
    changeId: "c-1",
    policyVersion: 1,
    taskType: "campaign_summary",
    override: { tier: "fast" },
    movedFrom: "standard",
    author: "controller",
    reason: "moved",
    createdAt: "2026-11-30T10:00:00Z",
    ...input,
  });
  return { version: change.policyVersion, entries: change.override ? { [change.taskType]: { override: change.override, change } } : {} };
}

describe("decidePolicyMoves", () => {
  it("moves a type down one tier when the lower bound reaches the target on enough samples, and says why others stay", async () => {
    const { read } = evidence({ "campaign_summary:shadow:standard->fast": [300, 299], "account_strategy:shadow:powerful->standard": [300, 250] });
    const decisions = await decidePolicyMoves({ policy: BASE_POLICY, routing, settings: routing.policy, readEvidence: read, now });
    assert.deepEqual(
      decisions.moves.map((move) => [move.kind, move.taskType, move.fromTier, move.toTier]),
      [["move_down", "campaign_summary", "standard", "fast"]],
    );
    const move = decisions.moves[0];
    assert.equal(move?.draft.movedFrom, "standard");
    assert.equal(move?.draft.author, "controller");
    assert.ok((move?.evidence.lower ?? 0) >= 0.95);
    const strategy = decisions.holds.find((hold) => hold.taskType === "account_strategy");
    assert.match(strategy?.reason ?? "", /keep on powerful: lower bound 7\d\.\d% below the 95\.0% target/);
  });

  it("needs the minimum samples even at 100% agreement", async () => {
    const { read } = evidence({ "campaign_summary:shadow:standard->fast": [99, 99] });
    const decisions = await decidePolicyMoves({ policy: BASE_POLICY, routing, settings: routing.policy, readEvidence: read, now });
    assert.equal(decisions.moves.length, 0);
    assert.match(decisions.holds.find((hold) => hold.taskType === "campaign_summary")?.reason ?? "", /99 of 100 samples/);
  });

  it("derives the change id from the decision, so two controllers on the same policy publish the same change", async () => {
    const { read } = evidence({ "campaign_summary:shadow:standard->fast": [300, 300] });
    const first = await decidePolicyMoves({ policy: BASE_POLICY, routing, settings: routing.policy, readEvidence: read, now });
    const second = await decidePolicyMoves({
      policy: BASE_POLICY,
      routing,
      settings: routing.policy,
      readEvidence: async () => ({ samples: 310, agreements: 310 }),
      now: new Date(now.getTime() + 5_000),
    });
    assert.equal(first.moves[0]?.draft.changeId, second.moves.find((move) => move.taskType === "campaign_summary")?.draft.changeId);
  });

  it("never moves a type an operator pinned", async () => {
    const { read } = evidence({ "campaign_summary:shadow:standard->fast": [300, 300] });
    const pinned = policyWith({ override: { tier: "standard" }, movedFrom: null, author: "operator:alice", pinned: true });
    const decisions = await decidePolicyMoves({ policy: pinned, routing, settings: routing.policy, readEvidence: read, now });
    assert.equal(decisions.moves.length, 0);
    assert.match(decisions.holds.find((hold) => hold.taskType === "campaign_summary")?.reason ?? "", /pinned by operator:alice/);
  });

  it("moves a guarded type back when the guard's upper bound falls below the target, counting pairs since the move", async () => {
    const { read, queries } = evidence({ "campaign_summary:guard:fast->standard": [120, 90] });
    const decisions = await decidePolicyMoves({ policy: policyWith({}), routing, settings: routing.policy, readEvidence: read, now });
    const move = decisions.moves[0];
    assert.equal(move?.kind, "move_back");
    assert.equal(move?.toTier, "standard");
    assert.equal(move?.draft.override, null, "back on its base tier: the override goes");
    assert.ok((move?.evidence.upper ?? 1) < 0.95);
    assert.equal(queries.find((query) => query.phase === "guard")?.since.toISOString(), "2026-11-30T10:00:00.000Z");
  });

  it("keeps a guarded type whose guard pairs agree, and waits out the step interval before another move", async () => {
    const { read } = evidence({ "campaign_summary:guard:fast->standard": [120, 120] });
    const recent = policyWith({ override: { tier: "standard" }, movedFrom: "powerful", taskType: "account_strategy", createdAt: "2026-11-30T11:30:00Z" });
    const decisions = await decidePolicyMoves({ policy: recent, routing, settings: routing.policy, readEvidence: read, now });
    assert.equal(decisions.moves.length, 0);
    assert.match(decisions.holds.find((hold) => hold.taskType === "account_strategy")?.reason ?? "", /one step per 60 minutes/);
  });

  it("does not move a type the guard moved back down again on the evidence from before the move back", async () => {
    const { read, queries } = evidence({ "campaign_summary:shadow:standard->fast": [300, 300] });
    const back = PolicyChangeEventSchema.parse({
      version: 1,
      changeId: "c-2",
      policyVersion: 2,
      taskType: "campaign_summary",
      override: null,
      author: "controller",
      reason: "moved back",
      createdAt: "2026-11-30T11:30:00Z",
    });
    const policy: RoutingPolicy = { version: 2, entries: {} };
    const decisions = await decidePolicyMoves({ policy, history: [back], routing, settings: routing.policy, readEvidence: read, now });
    assert.equal(decisions.moves.length, 0);
    assert.match(decisions.holds.find((hold) => hold.taskType === "campaign_summary")?.reason ?? "", /one step per 60 minutes/);
    const later = await decidePolicyMoves({
      policy,
      history: [back],
      routing,
      settings: { ...routing.policy, stepIntervalMinutes: 0 },
      readEvidence: read,
      now,
    });
    assert.equal(later.moves[0]?.taskType, "campaign_summary");
    const since = queries.filter((query) => query.taskType === "campaign_summary").map((query) => query.since.toISOString());
    assert.deepEqual(since, ["2026-11-30T11:30:00.000Z"], "only pairs judged since the move back count");
  });
});
