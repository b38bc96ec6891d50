import { computeTextSimilarity } from "./compute-text-similarity";
import type { Evaluation, EvaluationInput, Evaluator } from "./evaluator";

/** Word overlap of the two texts against routing.shadow.agreeAtScore. */
export const similarityEvaluator: Evaluator = {
  async evaluate(input) {
    return evaluateSimilarity(input, "similarity");
  },
};

export function evaluateSimilarity(input: EvaluationInput, name: string): Evaluation {
  const score = computeTextSimilarity(input.original.text, input.shadow.text);
  return { evaluator: name, score, agree: score >= input.routing.shadow.agreeAtScore, judgeAttempts: [] };
}
