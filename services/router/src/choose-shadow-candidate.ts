import type { ResultEvent, ShadowCandidateEvent, TaskEvent } from "@switchyard/contracts";
import { isSampledForShadow, shadowTargetTier, type PolicyRoutingDecision, type RoutingConfig } from "@switchyard/routing";

/**
 * The shadow candidate of a successful task, or null. A task whose type moved
 * down under the policy is sampled at the guard's rate and re-run on the tier
 * it left (a guard pair); any other is sampled at its shadow rate and re-run
 * on the next cheaper tier, when there is one.
 */
export function chooseShadowCandidate(
  task: TaskEvent,
  result: ResultEvent,
  decision: PolicyRoutingDecision,
  routing: RoutingConfig,
): ShadowCandidateEvent | null {
  if (result.status !== "ok" || result.tier === null) return null;
  const guard = decision.guard;
  if (guard && result.tier === decision.tier && isSampledForShadow(task.id, guard.rate)) {
    return { version: 1, task, result, guard: { tier: guard.tier, policyVersion: guard.policyVersion } };
  }
  if (shadowTargetTier(routing, result.tier) === null) return null;
  if (!isSampledForShadow(task.id, decision.shadowRate)) return null;
  return { version: 1, task, result };
}
