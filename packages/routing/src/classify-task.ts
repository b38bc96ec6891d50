import type { Accuracy, OutputType, Tier } from "@switchyard/contracts";
import type { RoutingConfig } from "./routing-config";

export interface ResolvedDimensions {
  inputTokenEstimate: number;
  requiresReasoning: boolean;
  outputType: OutputType;
  accuracy: Accuracy;
}

export interface Classification {
  tier: Tier;
  reason: string;
}

/** The article's policy, in order; the first rule that matches decides. */
export function classifyTask(dimensions: ResolvedDimensions, thresholds: RoutingConfig["thresholds"]): Classification {
  const estimate = dimensions.inputTokenEstimate;
  if (estimate > thresholds.powerfulAboveInputTokens) {
    return { tier: "powerful", reason: `rule 1: input estimate ${estimate} tokens > ${thresholds.powerfulAboveInputTokens}` };
  }
  if (dimensions.requiresReasoning && dimensions.accuracy === "high") {
    return { tier: "powerful", reason: "rule 2: requires reasoning with high accuracy" };
  }
  if (dimensions.outputType === "structured" && estimate < thresholds.fastBelowInputTokens && dimensions.accuracy !== "high") {
    return {
      tier: "fast",
      reason: `rule 3: structured output, input estimate ${estimate} tokens < ${thresholds.fastBelowInputTokens}, accuracy ${dimensions.accuracy}`,
    };
  }
  return { tier: "standard", reason: "rule 4: default" };
}
