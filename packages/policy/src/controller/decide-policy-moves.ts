import { createHash } from "node:crypto";
import type { PolicyChangeEvent, PolicyEvidence, ShadowPhase, Tier } from "@switchyard/contracts";
import { computeWilsonInterval } from "@switchyard/clickhouse";
import { baseTierOf, guardOf, shadowTargetTier, type PolicySettings, type RoutingConfig, type RoutingPolicy } from "@switchyard/routing";
import type { PolicyChangeDraft } from "../store/publish-policy-change";

/** Comparisons of one task type between two tiers in one phase since a time. */
export interface EvidenceQuery {
  taskType: string;
  phase: ShadowPhase;
  /** The tier that answered in production. */
  fromTier: Tier;
  /** The tier it was compared with (cheaper before a move, the tier left after one). */
  toTier: Tier;
  since: Date;
  until: Date;
}

export interface EvidenceCount {
  samples: number;
  agreements: number;
}

export type ReadEvidence = (query: EvidenceQuery) => Promise<EvidenceCount>;

export interface PolicyMove {
  kind: "move_down" | "move_back";
  taskType: string;
  fromTier: Tier;
  toTier: Tier;
  evidence: PolicyEvidence;
  draft: PolicyChangeDraft;
}

/** Why a type was left as it is, for `policy apply-recommendations` and logs. */
export interface PolicyHold {
  taskType: string;
  tier: Tier | null;
  reason: string;
  evidence: PolicyEvidence | null;
}

export interface PolicyDecisions {
  moves: PolicyMove[];
  holds: PolicyHold[];
}

/**
 * The controller's rules, one pass over every task type of the config:
 * - a type an operator pinned is left alone;
 * - a moved type (the guard) goes back to the tier it left when the upper 95%
 *   Wilson bound of its guard pairs' agreement is below the target on at
 *   least the minimum samples, at once;
 * - otherwise a type moves down one tier when the lower bound of its shadow
 *   pairs' agreement is at or above the target on at least the minimum
 *   samples, at most once per step interval.
 * Evidence counts only pairs judged since the type's last change (and within
 * the window), also when that change took the type back to the base config:
 * a type the guard moved back is not moved down again on the evidence the
 * guard overruled. A decision's change id is a hash of what it rests on (the type,
 * the move, and the policy version and type change it was judged against), so
 * controllers deciding on the same policy publish the same change.
 */
export async function decidePolicyMoves(input: {
  policy: RoutingPolicy;
  routing: RoutingConfig;
  settings: PolicySettings;
  readEvidence: ReadEvidence;
  now: Date;
  /** The applied changes (the policy store's history): a type back on the base config has no entry but a last change. */
  history?: readonly PolicyChangeEvent[];
}): Promise<PolicyDecisions> {
  const { policy, routing, settings, now } = input;
  const decisions: PolicyDecisions = { moves: [], holds: [] };
  for (const taskType of Object.keys(routing.taskTypes).sort()) {
    const entry = policy.entries[taskType];
    const tier = entry?.override.tier ?? baseTierOf(taskType, routing);
    if (tier === null) continue;
    if (entry?.change.pinned) {
      decisions.holds.push({ taskType, tier, reason: `pinned by ${entry.change.author} (policy v${entry.change.policyVersion})`, evidence: null });
      continue;
    }
    const lastChange = entry?.change ?? input.history?.filter((change) => change.taskType === taskType).at(-1);
    const lastChangeAt = lastChange ? new Date(lastChange.createdAt) : null;
    const windowStart = new Date(now.getTime() - settings.evidenceWindowHours * 3_600_000);
    const since = lastChangeAt && lastChangeAt > windowStart ? lastChangeAt : windowStart;
    const basis = `${policy.version}|${lastChange?.changeId ?? "base"}`;
    const guard = guardOf(policy, taskType, settings.guardRate);
    if (guard) {
      const evidence = await measure(input, { taskType, phase: "guard", fromTier: tier, toTier: guard.tier, since, until: now });
      if (evidence.samples >= settings.minSamples && evidence.upper < settings.target) {
        decisions.moves.push(moveBack(taskType, tier, guard.tier, evidence, basis, routing, entry?.override ?? {}));
        continue;
      }
    }
    const cheaper = shadowTargetTier(routing, tier);
    if (cheaper === null) {
      decisions.holds.push({ taskType, tier, reason: guard ? "on the cheapest tier; guarded" : "on the cheapest tier", evidence: null });
      continue;
    }
    if (lastChangeAt && now.getTime() - lastChangeAt.getTime() < settings.stepIntervalMinutes * 60_000) {
      decisions.holds.push({
        taskType,
        tier,
        reason: `moved at ${lastChangeAt.toISOString()}: one step per ${settings.stepIntervalMinutes} minutes`,
        evidence: null,
      });
      continue;
    }
    const evidence = await measure(input, { taskType, phase: "shadow", fromTier: tier, toTier: cheaper, since, until: now });
    if (evidence.samples >= settings.minSamples && evidence.lower >= settings.target) {
      decisions.moves.push(moveDown(taskType, tier, cheaper, evidence, basis, settings, entry?.override ?? {}));
    } else {
      decisions.holds.push({ taskType, tier, reason: describeShortfall(evidence), evidence });
    }
  }
  return decisions;
}

async function measure(input: { readEvidence: ReadEvidence; settings: PolicySettings }, query: EvidenceQuery): Promise<PolicyEvidence> {
  const count = await input.readEvidence(query);
  const interval = computeWilsonInterval(count.agreements, count.samples);
  return {
    phase: query.phase,
    fromTier: query.fromTier,
    toTier: query.toTier,
    samples: count.samples,
    agreements: count.agreements,
    lower: interval.lower,
    upper: interval.upper,
    target: input.settings.target,
    minSamples: input.settings.minSamples,
    window: { from: query.since.toISOString(), to: query.until.toISOString() },
  };
}

function moveDown(
  taskType: string,
  fromTier: Tier,
  toTier: Tier,
  evidence: PolicyEvidence,
  basis: string,
  settings: PolicySettings,
  override: object,
): PolicyMove {
  return {
    kind: "move_down",
    taskType,
    fromTier,
    toTier,
    evidence,
    draft: {
      changeId: changeIdOf(["move_down", taskType, fromTier, toTier, basis]),
      taskType,
      override: { ...override, tier: toTier },
      movedFrom: fromTier,
      guardRate: settings.guardRate,
      pinned: false,
      author: "controller",
      reason: `${taskType} moved to ${toTier} on shadow evidence, ${evidence.samples} samples, lower bound ${percent(evidence.lower)}`,
      evidence,
    },
  };
}

function moveBack(
  taskType: string,
  fromTier: Tier,
  toTier: Tier,
  evidence: PolicyEvidence,
  basis: string,
  routing: RoutingConfig,
  override: { tier?: Tier },
): PolicyMove {
  // Back on its base tier with nothing else overridden: the type returns to the base config.
  const { tier: _tier, ...rest } = override;
  const backToBase = baseTierOf(taskType, routing) === toTier && Object.keys(rest).length === 0;
  return {
    kind: "move_back",
    taskType,
    fromTier,
    toTier,
    evidence,
    draft: {
      changeId: changeIdOf(["move_back", taskType, fromTier, toTier, basis]),
      taskType,
      override: backToBase ? null : { ...rest, tier: toTier },
      movedFrom: null,
      pinned: false,
      author: "controller",
      reason: `${taskType} moved back to ${toTier} by the guard: ${evidence.samples} samples on ${fromTier}, agreement upper bound ${percent(evidence.upper)} below the ${percent(evidence.target)} target`,
      evidence,
    },
  };
}

function describeShortfall(evidence: PolicyEvidence): string {
  const missing: string[] = [];
  if (evidence.samples < evidence.minSamples) missing.push(`${evidence.samples} of ${evidence.minSamples} samples`);
  if (evidence.lower < evidence.target) missing.push(`lower bound ${percent(evidence.lower)} below the ${percent(evidence.target)} target`);
  return `keep on ${evidence.fromTier}: ${missing.join("; ")}`;
}

export function changeIdOf(parts: readonly string[]): string {
  return `controller-${createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32)}`;
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
