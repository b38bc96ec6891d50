import type { ResultErrorType, ResultEvent, TaskEvent, Tier } from "@switchyard/contracts";
import { sumAttemptCost, sumAttemptUsage, type AttemptRecord } from "@switchyard/llm";
import { boundText, redactText } from "@switchyard/platform";

/** Longest error message a result carries: it may quote an upstream error. */
export const MAX_RESULT_ERROR_MESSAGE_CHARS = 1_000;

interface ResultBase {
  task: Pick<TaskEvent, "id" | "type" | "metadata">;
  reason: string;
  attempts: readonly AttemptRecord[];
  latencyMs: number;
  completedAt: Date;
  tier: Tier | null;
  model: string | null;
  fallbackFrom: Tier | null;
  /** The live policy version that routed the task; absent when the task was never routed. */
  policyVersion?: number;
}

export function buildSuccessResult(base: ResultBase & { tier: Tier; model: string; text: string; json: unknown }): ResultEvent {
  return {
    ...commonFields(base, "ok"),
    text: base.text,
    ...(base.json === undefined ? {} : { json: base.json }),
  };
}

export function buildErrorResult(base: ResultBase & { errorType: ResultErrorType; message: string }): ResultEvent {
  return { ...commonFields(base, "error"), error: { type: base.errorType, message: boundText(redactText(base.message), MAX_RESULT_ERROR_MESSAGE_CHARS) } };
}

/** What every result carries: usage and cost over all attempts, routing, timing, metadata. */
function commonFields(base: ResultBase, status: ResultEvent["status"]): ResultEvent {
  return {
    version: 1,
    taskId: base.task.id,
    type: base.task.type,
    status,
    tier: base.tier,
    model: base.model,
    routing: { reason: base.reason, fallbackFrom: base.fallbackFrom, ...(base.policyVersion === undefined ? {} : { policyVersion: base.policyVersion }) },
    usage: sumAttemptUsage(base.attempts),
    costUsd: sumAttemptCost(base.attempts),
    latencyMs: Math.max(0, Math.round(base.latencyMs)),
    attempts: base.attempts.length,
    metadata: base.task.metadata ?? {},
    completedAt: base.completedAt.toISOString(),
    mode: base.attempts.at(-1)?.mode ?? "sync",
  };
}
