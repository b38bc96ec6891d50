import { z } from "zod";

/** What the judge model must answer, validated at the edge. */
export const JudgeVerdictSchema = z.object({
  score: z.number().min(0).max(1),
  verdict: z.enum(["agree", "disagree"]),
  reason: z.string().max(2_000).optional(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

export const JUDGE_SYSTEM_PROMPT = [
  "You are an impartial evaluator comparing two answers to the same task.",
  "Answer A is the reference, produced by a stronger model. Answer B comes from a cheaper model.",
  "Rubric: B agrees with A when a user relying on B would reach the same conclusions and take the same actions:",
  "the same facts, numbers and recommendations, no contradictions, no important omissions. Style and length do not matter.",
  "Score from 0 (unrelated or contradictory) to 1 (equivalent for the user).",
  'Respond with only a JSON object: {"score": number, "verdict": "agree" | "disagree", "reason": string}.',
].join("\n");

/** The judge's user message: the task and both answers, clearly delimited. */
export function buildJudgeMessage(taskText: string, referenceAnswer: string, candidateAnswer: string): string {
  return ["<task>", taskText, "</task>", "<answer_a>", referenceAnswer, "</answer_a>", "<answer_b>", candidateAnswer, "</answer_b>"].join("\n");
}
