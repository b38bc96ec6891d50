import { StorageError } from "@switchyard/clickhouse";
import { TIERS, type Tier } from "@switchyard/contracts";
import { createShadowEvidenceReader, decidePolicyMoves, percent, type PolicyChangeDraft } from "@switchyard/policy";
import type { ClickHouseStore } from "@switchyard/clickhouse";
import { ConfigurationError, describeError } from "@switchyard/platform";
import { baseTierOf, shadowTargetTier, type RoutingConfig, type RoutingPolicy } from "@switchyard/routing";

export interface PolicySetRequest {
  taskType: string;
  /** A tier, or "base" to hand the type back to the routing config (and the controller). */
  tier: string;
  reason: string;
  author: string;
  force: boolean;
  changeId: string;
}

/** The known task type and tier of a `policy set`, or a one-line ConfigurationError. */
export function checkPolicySetInput(request: Pick<PolicySetRequest, "taskType" | "tier">, routing: RoutingConfig): { tier: Tier | "base" } {
  if (!Object.hasOwn(routing.taskTypes, request.taskType)) {
    throw new ConfigurationError(
      "task type",
      `unknown ${JSON.stringify(request.taskType)}; the routing config knows ${Object.keys(routing.taskTypes).sort().join(", ")}`,
    );
  }
  if (request.tier !== "base" && !(TIERS as readonly string[]).includes(request.tier)) {
    throw new ConfigurationError("tier", `unknown ${JSON.stringify(request.tier)}; expected ${TIERS.join(", ")} or base`);
  }
  return { tier: request.tier as Tier | "base" };
}

/**
 * Turns `policy set` into a change. Moving a type down must follow the
 * evidence rules (one tier, and the shadow's lower bound at the target on the
 * minimum samples) unless forced. Operator changes pin the type against the
 * controller; `base` removes the override and the pin.
 */
export async function buildPolicySetChange(
  request: PolicySetRequest,
  routing: RoutingConfig,
  policy: RoutingPolicy,
  openEvidenceStore: () => ClickHouseStore,
): Promise<PolicyChangeDraft> {
  const { tier } = checkPolicySetInput(request, routing);
  const entry = policy.entries[request.taskType];
  const base = baseTierOf(request.taskType, routing);
  const current = entry?.override.tier ?? base;
  const common = { changeId: request.changeId, taskType: request.taskType, author: request.author, reason: request.reason };
  if (tier === "base") return { ...common, override: null, movedFrom: null, pinned: false };
  const movesDown = current !== null && TIERS.indexOf(tier) < TIERS.indexOf(current);
  if (movesDown && !request.force) await requireEvidence(request.taskType, current, tier, routing, policy, openEvidenceStore);
  return {
    ...common,
    override: { ...entry?.override, tier },
    movedFrom: movesDown ? current : null,
    guardRate: routing.policy.guardRate,
    pinned: true,
  };
}

async function requireEvidence(
  taskType: string,
  current: Tier,
  tier: Tier,
  routing: RoutingConfig,
  policy: RoutingPolicy,
  openEvidenceStore: () => ClickHouseStore,
): Promise<void> {
  if (shadowTargetTier(routing, current) !== tier) {
    throw new ConfigurationError(
      "tier",
      `${taskType} is on ${current}: the evidence rules move one tier at a time, to ${shadowTargetTier(routing, current) ?? "nothing cheaper"} (use --force to skip them)`,
    );
  }
  const store = openEvidenceStore();
  try {
    // The controller's own rules decide, as if the type were not pinned and no step interval applied.
    const entry = policy.entries[taskType];
    const unpinned: RoutingPolicy = entry
      ? { ...policy, entries: { ...policy.entries, [taskType]: { ...entry, change: { ...entry.change, pinned: false } } } }
      : policy;
    const only = { ...routing, taskTypes: { [taskType]: routing.taskTypes[taskType] } } as RoutingConfig;
    const decisions = await decidePolicyMoves({
      policy: unpinned,
      routing: only,
      settings: { ...routing.policy, stepIntervalMinutes: 0 },
      readEvidence: createShadowEvidenceReader(store),
      now: new Date(),
    }).catch((error: unknown) => {
      throw new StorageError(
        "storage_unavailable",
        `cannot read the shadow evidence from ClickHouse (${describeError(error)}); use --force to move without it`,
        { retryable: false, cause: error },
      );
    });
    if (decisions.moves.some((move) => move.kind === "move_down" && move.toTier === tier)) return;
    const hold = decisions.holds[0];
    const evidence = hold?.evidence;
    const detail = evidence
      ? `${evidence.samples} of ${evidence.minSamples} samples, lower bound ${percent(evidence.lower)} against the ${percent(evidence.target)} target`
      : (hold?.reason ?? "no evidence");
    throw new ConfigurationError(
      "tier",
      `the shadow evidence does not support moving ${taskType} from ${current} to ${tier} (${detail}); use --force to move anyway`,
    );
  } finally {
    await store.close();
  }
}
