import type { ShadowCandidateEvent, ShadowPhase, Tier } from "@switchyard/contracts";
import { guardOf, shadowTargetTier, type RoutingConfig, type RoutingPolicy } from "@switchyard/routing";

export interface ComparisonPlan {
  /** The tier the task is re-run on. */
  rerunTier: Tier;
  phase: ShadowPhase;
  /**
   * Which answer the evaluator takes as the reference: before a move the
   * original (the dearer tier's), after one the re-run on the tier left.
   */
  reference: "original" | "rerun";
}

/**
 * What to compare for a candidate: a guard sample (its type moved down under
 * the policy that routed it) is re-run on the tier it left; any other on the
 * next cheaper tier. Null: nothing to do. With `policy` (the live policy this
 * shadow instance follows, caught up with the one that routed the task) the
 * guard is read from it; the guard the router recorded in the candidate
 * decides only without one, or when the type's entry is newer than the task's
 * routing or gone (the move that routed it is no longer in force).
 */
export function planComparison(candidate: ShadowCandidateEvent, routing: RoutingConfig, policy?: RoutingPolicy): ComparisonPlan | null {
  const { result } = candidate;
  if (result.status !== "ok" || result.tier === null || result.model === null) return null;
  const guard = policy ? guardInForce(candidate, policy) : candidate.guard;
  if (guard) return guard.tier === result.tier ? null : { rerunTier: guard.tier, phase: "guard", reference: "rerun" };
  const cheaper = shadowTargetTier(routing, result.tier);
  return cheaper === null ? null : { rerunTier: cheaper, phase: "shadow", reference: "original" };
}

function guardInForce(candidate: ShadowCandidateEvent, policy: RoutingPolicy): { tier: Tier } | null | undefined {
  const entry = policy.entries[candidate.task.type];
  if (!entry || entry.change.policyVersion > (candidate.result.routing.policyVersion ?? 0)) return candidate.guard;
  const guard = guardOf(policy, candidate.task.type, 0);
  // The move's tier answered: a guard pair. Another tier (a pin, a budget, a fallback): none.
  return guard && entry.override.tier === candidate.result.tier ? guard : null;
}
