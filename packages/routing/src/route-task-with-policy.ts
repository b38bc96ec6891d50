import type { TaskEvent } from "@switchyard/contracts";
import { classifyTask } from "./classify-task";
import { resolveDimensions, routeTask, type RoutingDecision } from "./route-task";
import type { RoutingConfig } from "./routing-config";
import { describePolicyEntry, guardOf, type GuardSetting, type RoutingPolicy } from "./routing-policy";

export interface PolicyRoutingDecision extends RoutingDecision {
  /** The policy version in force when the task was routed. */
  policyVersion: number;
  /** The share of this task's type re-run on the cheaper tier (the override's, else the config's). */
  shadowRate: number;
  /** Set when the task's type moved down under the policy: a sample is re-run on the tier it left. */
  guard: GuardSetting | null;
}

/**
 * Routes a task under the live policy: the task's `tier` pin wins, then the
 * policy's override for its type, then the base config's rules.
 */
export function routeTaskWithPolicy(task: TaskEvent, config: RoutingConfig, policy: RoutingPolicy): PolicyRoutingDecision {
  const entry = task.tier ? undefined : policy.entries[task.type];
  const shadowRate = entry?.override.shadowRate ?? config.taskTypes[task.type]?.shadowRate ?? config.shadow.defaultRate;
  if (!entry) return { ...routeTask(task, config), policyVersion: policy.version, shadowRate, guard: null };
  const dimensions = resolveDimensions(task, config);
  if (entry.override.tier) {
    const tier = entry.override.tier;
    const guard = guardOf(policy, task.type, config.policy.guardRate);
    return { tier, model: config.models[tier], reason: describePolicyEntry(entry), dimensions, policyVersion: policy.version, shadowRate, guard };
  }
  const thresholds = { ...config.thresholds, ...entry.override.thresholds };
  const classification = classifyTask(dimensions, thresholds);
  const reason = entry.override.thresholds ? `${classification.reason} (thresholds from ${describePolicyEntry(entry)})` : classification.reason;
  return { tier: classification.tier, model: config.models[classification.tier], reason, dimensions, policyVersion: policy.version, shadowRate, guard: null };
}

/** The tier a task type's own defaults route to under the base config (no pins, no policy). */
export function baseTierOf(type: string, config: RoutingConfig): RoutingDecision["tier"] | null {
  const dimensions = config.taskTypes[type]?.dimensions;
  return dimensions ? classifyTask(dimensions, config.thresholds).tier : null;
}
