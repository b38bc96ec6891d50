import { createStructuredOutputValidator } from "@switchyard/llm";
import { compareStructuredOutputs } from "./compare-structured-outputs";
import type { Evaluator } from "./evaluator";

/** Field by field comparison of two JSON outputs, numbers within routing.shadow.numberTolerance. */
export const structuredEvaluator: Evaluator = {
  async evaluate({ routing, original, shadow }) {
    const originalJson = original.json ?? parseJson(original.text);
    const shadowJson = shadow.json ?? parseJson(shadow.text);
    if (originalJson === undefined || shadowJson === undefined) return { evaluator: "structured", score: 0, agree: false, judgeAttempts: [] };
    const comparison = compareStructuredOutputs(originalJson, shadowJson, routing.shadow.numberTolerance);
    return { evaluator: "structured", score: comparison.score, agree: comparison.agree, judgeAttempts: [] };
  },
};

function parseJson(text: string): unknown {
  const validation = createStructuredOutputValidator()(text);
  return validation.ok ? validation.json : undefined;
}
