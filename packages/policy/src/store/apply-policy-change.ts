import type { PolicyChangeEvent } from "@switchyard/contracts";
import type { PolicyEntry, RoutingPolicy } from "@switchyard/routing";

/** What became of one change read from the policy topic. */
export type PolicyChangeOutcome =
  | { kind: "applied" }
  /** Its changeId is already in force (e.g. two controllers published the same decision). */
  | { kind: "duplicate" }
  /** Its version is not above the policy in force: a writer raced another; the policy stays. */
  | { kind: "stale"; current: number }
  /** It names a task type the routing config does not know: ignored. */
  | { kind: "unknown_type" };

export interface PolicyState {
  policy: RoutingPolicy;
  /** Applied changes in order (the topic's retained history). */
  history: readonly PolicyChangeEvent[];
  appliedChangeIds: ReadonlySet<string>;
}

export const EMPTY_POLICY_STATE: PolicyState = { policy: { version: 0, entries: {} }, history: [], appliedChangeIds: new Set() };

/**
 * Folds one change into the policy. Pure: the same topic read in the same
 * order gives every router and shadow instance the same policy.
 */
export function applyPolicyChange(
  state: PolicyState,
  change: PolicyChangeEvent,
  isKnownType: (type: string) => boolean,
): { state: PolicyState; outcome: PolicyChangeOutcome } {
  if (state.appliedChangeIds.has(change.changeId)) return { state, outcome: { kind: "duplicate" } };
  if (change.policyVersion <= state.policy.version) return { state, outcome: { kind: "stale", current: state.policy.version } };
  if (!isKnownType(change.taskType)) return { state, outcome: { kind: "unknown_type" } };
  const entries: Record<string, PolicyEntry> = { ...state.policy.entries };
  if (change.override === null) delete entries[change.taskType];
  else entries[change.taskType] = { override: change.override, change };
  const appliedChangeIds = new Set(state.appliedChangeIds);
  appliedChangeIds.add(change.changeId);
  return {
    state: { policy: { version: change.policyVersion, entries }, history: [...state.history, change], appliedChangeIds },
    outcome: { kind: "applied" },
  };
}
