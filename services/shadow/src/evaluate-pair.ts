import type { TaskEvent, Tier } from "@switchyard/contracts";
import {
  completeWithFallback,
  createStructuredOutputValidator,
  type AttemptRecord,
  type ModelProvider,
  type PricingCatalog,
  type RetryPolicy,
} from "@switchyard/llm";
import type { EvaluatorName, RoutingConfig } from "@switchyard/routing";
import { compareStructuredOutputs } from "./compare-structured-outputs";
import { computeTextSimilarity } from "./compute-text-similarity";
import { buildJudgeMessage, JUDGE_SYSTEM_PROMPT, JudgeVerdictSchema } from "./judge-prompt";

export interface Evaluation {
  evaluator: string;
  score: number;
  agree: boolean;
  /** Judge calls, to be published as usage events with role judge. */
  judgeAttempts: AttemptRecord[];
}

export interface JudgeOptions {
  provider: ModelProvider;
  pricing: PricingCatalog;
  retryPolicy: RetryPolicy;
  signal: AbortSignal;
  /** Told of every judge call as it settles (abandoned ones included). */
  onAttempt?: (attempt: AttemptRecord) => void;
}

const JUDGE_MAX_TOKENS = 400;

/** Which evaluator a task type uses: configured, else from its output type and the judge switch. */
export function chooseEvaluator(routing: RoutingConfig, type: string, structured: boolean): EvaluatorName {
  const configured = routing.taskTypes[type]?.evaluator;
  if (configured) return configured;
  if (structured) return "structured";
  return routing.shadow.judge.enabled ? "judge" : "similarity";
}

export async function evaluatePair(input: {
  evaluator: EvaluatorName;
  routing: RoutingConfig;
  task: TaskEvent;
  original: { text: string; json: unknown };
  shadow: { text: string; json: unknown };
  judge: JudgeOptions;
}): Promise<Evaluation> {
  const { routing } = input;
  if (input.evaluator === "structured") {
    const original = input.original.json ?? parseJson(input.original.text);
    const shadow = input.shadow.json ?? parseJson(input.shadow.text);
    if (original === undefined || shadow === undefined) return { evaluator: "structured", score: 0, agree: false, judgeAttempts: [] };
    const comparison = compareStructuredOutputs(original, shadow, routing.shadow.numberTolerance);
    return { evaluator: "structured", score: comparison.score, agree: comparison.agree, judgeAttempts: [] };
  }
  if (input.evaluator === "judge") {
    const judged = await judgePair(input.task, input.original.text, input.shadow.text, routing, input.judge);
    if (judged) return judged;
  }
  // The similarity evaluator, and the judge's stand-in when the judge could not answer.
  const score = computeTextSimilarity(input.original.text, input.shadow.text);
  const evaluator = input.evaluator === "judge" ? "similarity (judge failed)" : "similarity";
  return { evaluator, score, agree: score >= routing.shadow.agreeAtScore, judgeAttempts: [] };
}

async function judgePair(task: TaskEvent, original: string, shadow: string, routing: RoutingConfig, options: JudgeOptions): Promise<Evaluation | null> {
  const tier: Tier = routing.shadow.judge.tier;
  const validate = createStructuredOutputValidator();
  const outcome = await completeWithFallback({
    provider: options.provider,
    chain: [{ tier, model: routing.models[tier] }],
    role: "judge",
    request: {
      system: JUDGE_SYSTEM_PROMPT,
      messages: [{ role: "user", content: buildJudgeMessage(describeTask(task), original, shadow) }],
      maxTokens: JUDGE_MAX_TOKENS,
      temperature: 0,
      taskType: "shadow_judge",
    },
    retryPolicy: options.retryPolicy,
    pricing: options.pricing,
    validateOutput: (text) => {
      const validation = validate(text);
      if (!validation.ok) return validation;
      const verdict = JudgeVerdictSchema.safeParse(validation.json);
      return verdict.success ? { ok: true, json: verdict.data } : { ok: false, reason: "the judge's answer is not a verdict" };
    },
    signal: options.signal,
    ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
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

function parseJson(text: string): unknown {
  const validation = createStructuredOutputValidator()(text);
  return validation.ok ? validation.json : undefined;
}
