import type { TaskEvent, Tier } from "@switchyard/contracts";
import { InvalidEventError } from "@switchyard/contracts";
import { classifyTask, type ResolvedDimensions } from "./classify-task";
import { estimateInputTokens } from "./estimate-input-tokens";
import type { RoutingConfig } from "./routing-config";

export interface RoutingDecision {
  tier: Tier;
  model: string;
  reason: string;
  dimensions: ResolvedDimensions;
}

/**
 * Resolves a task's dimensions (event overrides over the task type's
 * defaults) and picks its tier: the pin when there is one, else the rules.
 * An unknown type without full dimensions is an InvalidEventError.
 * The type's token figure is a floor: a bigger real prompt raises it, so an
 * unexpectedly long input cannot slip onto the fast tier.
 */
export function routeTask(task: TaskEvent, config: RoutingConfig): RoutingDecision {
  const dimensions = resolveDimensions(task, config);
  if (task.tier) {
    return { tier: task.tier, model: config.models[task.tier], reason: `pinned to ${task.tier} by the task`, dimensions };
  }
  const classification = classifyTask(dimensions, config.thresholds);
  return { tier: classification.tier, model: config.models[classification.tier], reason: classification.reason, dimensions };
}

export function resolveDimensions(task: TaskEvent, config: RoutingConfig): ResolvedDimensions {
  const defaults = config.taskTypes[task.type]?.dimensions;
  const given = task.dimensions ?? {};
  const requiresReasoning = given.requiresReasoning ?? defaults?.requiresReasoning;
  const outputType = given.outputType ?? defaults?.outputType ?? (task.outputSchema ? "structured" : undefined);
  const accuracy = given.accuracy ?? defaults?.accuracy;
  if (!task.tier && (requiresReasoning === undefined || outputType === undefined || accuracy === undefined)) {
    throw new InvalidEventError(
      "event_invalid",
      `unknown task type "${task.type}": give dimensions requiresReasoning, outputType and accuracy, or pin a tier`,
      { taskId: task.id },
    );
  }
  const inputTokenEstimate = given.inputTokenEstimate ?? Math.max(defaults?.inputTokenEstimate ?? 0, estimateInputTokens(task));
  return {
    inputTokenEstimate,
    requiresReasoning: requiresReasoning ?? false,
    outputType: outputType ?? "free_form",
    accuracy: accuracy ?? "standard",
  };
}
