import type { ShadowCandidateEvent, ShadowPhase, Tier } from "@switchyard/contracts";
import { shadowTargetTier, type RoutingConfig } from "@switchyard/routing";

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
 * the policy that routed it, as the router recorded in the candidate) is re-run
 * on the tier it left; any other on the next cheaper tier. Null: nothing to do.
 */
export function planComparison(candidate: ShadowCandidateEvent, routing: RoutingConfig): ComparisonPlan | null {
  const { result, guard } = candidate;
  if (result.status !== "ok" || result.tier === null || result.model === null) return null;
  if (guard) return guard.tier === result.tier ? null : { rerunTier: guard.tier, phase: "guard", reference: "rerun" };
  const cheaper = shadowTargetTier(routing, result.tier);
  return cheaper === null ? null : { rerunTier: cheaper, phase: "shadow", reference: "original" };
}
