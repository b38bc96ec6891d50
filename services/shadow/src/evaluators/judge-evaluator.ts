import type { TaskEvent, Tier } from "@switchyard/contracts";
import { completeWithFallback, createStructuredOutputValidator } from "@switchyard/llm";
import type { Evaluation, EvaluationInput, Evaluator } from "./evaluator";
import { buildJudgeMessage, JUDGE_SYSTEM_PROMPT, JudgeVerdictSchema } from "./judge-prompt";
import { evaluateSimilarity } from "./similarity-evaluator";

const JUDGE_MAX_TOKENS = 400;

/** A model (routing.shadow.judge.tier) judges the pair; the similarity evaluator stands in when it cannot answer. */
export const judgeEvaluator: Evaluator = {
  async evaluate(input) {
    return (await judgePair(input)) ?? evaluateSimilarity(input, "similarity (judge failed)");
  },
};

async function judgePair(input: EvaluationInput): Promise<Evaluation | null> {
  const { routing, judge } = input;
  const tier: Tier = routing.shadow.judge.tier;
  const validate = createStructuredOutputValidator();
  const outcome = await completeWithFallback({
    provider: judge.provider,
    chain: [{ tier, model: routing.models[tier] }],
    role: "judge",
    request: {
      system: JUDGE_SYSTEM_PROMPT,
      messages: [{ role: "user", content: buildJudgeMessage(describeTask(input.task), input.original.text, input.shadow.text) }],
      maxTokens: JUDGE_MAX_TOKENS,
      temperature: 0,
      taskType: "shadow_judge",
    },
    retryPolicy: judge.retryPolicy,
    pricing: judge.pricing,
    validateOutput: (text) => {
      const validation = validate(text);
      if (!validation.ok) return validation;
      const verdict = JudgeVerdictSchema.safeParse(validation.json);
      return verdict.success ? { ok: true, json: verdict.data } : { ok: false, reason: "the judge's answer is not a verdict" };
    },
    signal: judge.signal,
    ...(judge.onAttempt ? { onAttempt: judge.onAttempt } : {}),
  });
  if (outcome.status !== "ok") return null;
  const verdict = JudgeVerdictSchema.parse(outcome.json);
  return {
    evaluator: `judge:${outcome.model}`,
    score: verdict.score,
    agree: verdict.verdict === "agree",
    judgeAttempts: outcome.attempts,
  };
}

function describeTask(task: TaskEvent): string {
  const parts: string[] = [];
  if (typeof task.system === "string") parts.push(task.system);
  for (const message of task.messages) {
    if (typeof message.content === "string") parts.push(`${message.role}: ${message.content}`);
    else for (const block of message.content) if (block.type === "text" && typeof block.text === "string") parts.push(`${message.role}: ${block.text}`);
  }
  return parts.join("\n");
}
