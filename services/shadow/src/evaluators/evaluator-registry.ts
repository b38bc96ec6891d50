import { ConfigurationError } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";
import type { Evaluator } from "./evaluator";
import { judgeEvaluator } from "./judge-evaluator";
import { similarityEvaluator } from "./similarity-evaluator";
import { structuredEvaluator } from "./structured-evaluator";

/** Evaluators by the name a task type's `evaluator` setting uses. */
export type EvaluatorRegistry = ReadonlyMap<string, Evaluator>;

export const BUILT_IN_EVALUATORS: Readonly<Record<string, Evaluator>> = {
  structured: structuredEvaluator,
  judge: judgeEvaluator,
  similarity: similarityEvaluator,
};

/** The built-in evaluators plus `extra` (which may replace one of them by using its name). */
export function createEvaluatorRegistry(extra: Readonly<Record<string, Evaluator>> = {}): EvaluatorRegistry {
  return new Map(Object.entries({ ...BUILT_IN_EVALUATORS, ...extra }));
}

/** Which evaluator a task type uses: configured, else from its output type and the judge switch. */
export function chooseEvaluatorName(routing: RoutingConfig, type: string, structured: boolean): string {
  const configured = routing.taskTypes[type]?.evaluator;
  if (configured) return configured;
  if (structured) return "structured";
  return routing.shadow.judge.enabled ? "judge" : "similarity";
}

/** Fails at start, naming the task type, when the routing config names an evaluator nobody registered. */
export function assertEvaluatorsRegistered(routing: RoutingConfig, registry: EvaluatorRegistry): void {
  for (const [type, config] of Object.entries(routing.taskTypes)) {
    if (config.evaluator !== undefined && !registry.has(config.evaluator)) {
      throw new ConfigurationError(`taskTypes.${type}.evaluator`, `no evaluator named "${config.evaluator}" (known: ${[...registry.keys()].join(", ")})`);
    }
  }
}
