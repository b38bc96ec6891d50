import type { PolicyChangeEvent, TaskTypeOverride, Tier } from "@switchyard/contracts";
import { ConfigurationError } from "@switchyard/platform";
import type { RoutingPolicy } from "@switchyard/routing";

export interface RollbackStep {
  taskType: string;
  /** The override the type had at the target version; null: the base config. */
  override: TaskTypeOverride | null;
  movedFrom: Tier | null;
}

/**
 * The changes that bring the policy back to what it was at `version`: for
 * every type whose override differs, the override it had then. Refuses a
 * version the retained history cannot rebuild (compacted away, or never applied).
 */
export function planRollback(history: readonly PolicyChangeEvent[], current: RoutingPolicy, version: number): RollbackStep[] {
  if (version >= current.version) throw new ConfigurationError("version", `must be below the version in force (${current.version})`);
  const versions = history.map((change) => change.policyVersion);
  if (version > 0 && !versions.includes(version)) {
    throw new ConfigurationError(
      "version",
      `v${version} is not in the policy topic's history (versions held: ${versions.map((item) => `v${item}`).join(", ") || "none"})`,
    );
  }
  if (versions.length > 0 && !isContiguousFromOne(versions, version)) {
    throw new ConfigurationError("version", `the history before v${version} was compacted away: the policy at v${version} cannot be rebuilt; use policy set`);
  }
  const then = new Map<string, PolicyChangeEvent>();
  for (const change of history) if (change.policyVersion <= version) then.set(change.taskType, change);
  const types = new Set([...Object.keys(current.entries), ...then.keys()]);
  const steps: RollbackStep[] = [];
  for (const taskType of [...types].sort()) {
    const before = then.get(taskType);
    const beforeOverride = before?.override ?? null;
    const now = current.entries[taskType]?.override ?? null;
    if (JSON.stringify(beforeOverride) === JSON.stringify(now)) continue;
    steps.push({ taskType, override: beforeOverride, movedFrom: beforeOverride ? (before?.movedFrom ?? null) : null });
  }
  return steps;
}

// Versions are numbered one by one: a gap at or below the target means changes were compacted away.
function isContiguousFromOne(versions: readonly number[], upTo: number): boolean {
  const held = new Set(versions);
  for (let version = 1; version <= upTo; version += 1) if (!held.has(version)) return false;
  return true;
}
