import type { PolicyChangeEvent, TaskTypeOverride, Tier } from "@switchyard/contracts";

/** The override in force for one task type, and the change that set it. */
export interface PolicyEntry {
  override: TaskTypeOverride;
  /** The change that set it. */
  change: PolicyChangeEvent;
}

/** The live routing policy: the base config's overrides by task type, at a version. */
export interface RoutingPolicy {
  /** The last applied change's policyVersion; 0 when only the base config is in force. */
  version: number;
  entries: Readonly<Record<string, PolicyEntry>>;
}

export const BASE_POLICY: RoutingPolicy = { version: 0, entries: {} };

/** The guard of a moved type: its sampled tasks are re-run on the tier it left. */
export interface GuardSetting {
  tier: Tier;
  rate: number;
  policyVersion: number;
}

/** The guard of a task type under `policy`, or null when the type has not moved down. */
export function guardOf(policy: RoutingPolicy, type: string, defaultRate: number): GuardSetting | null {
  const entry = policy.entries[type];
  if (!entry || entry.change.movedFrom === null || entry.override.tier === undefined) return null;
  return { tier: entry.change.movedFrom, rate: entry.change.guardRate ?? defaultRate, policyVersion: entry.change.policyVersion };
}

/** "policy v7: campaign_summary moved to fast on shadow evidence, …": what a result's routing reason says. */
export function describePolicyEntry(entry: PolicyEntry): string {
  return `policy v${entry.change.policyVersion}: ${entry.change.reason}`;
}
