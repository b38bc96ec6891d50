import type { AlertEvent, PolicyChangeEvent } from "@switchyard/contracts";

/** Every applied controller move is also an alert on llm.alerts; its id is the change's, so repeats dedupe. */
export function buildPolicyAlert(change: PolicyChangeEvent, kind: "policy_move_down" | "policy_rollback"): AlertEvent {
  const evidence = change.evidence;
  return {
    version: 1,
    alertId: `${kind}:${change.changeId}`,
    ts: change.createdAt,
    kind,
    subject: change.taskType,
    hour: `${change.createdAt.slice(0, 13)}:00:00Z`,
    // The bound the decision rests on: the lower bound for a move down, the upper bound for a move back.
    observed: evidence ? (kind === "policy_rollback" ? evidence.upper : evidence.lower) : 0,
    baseline: evidence ? (evidence.samples === 0 ? 0 : evidence.agreements / evidence.samples) : 0,
    threshold: evidence?.target ?? 0,
    message: `policy v${change.policyVersion}: ${change.reason}`,
  };
}
