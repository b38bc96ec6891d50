import type { ResultErrorType, ResultEvent, TaskEvent, Tier } from "@switchyard/contracts";
import { sumAttemptCost, sumAttemptUsage, type AttemptRecord } from "@switchyard/llm";

interface ResultBase {
  task: Pick<TaskEvent, "id" | "type" | "metadata">;
  reason: string;
  attempts: readonly AttemptRecord[];
  latencyMs: number;
  completedAt: Date;
}

export function buildSuccessResult(
  base: ResultBase & { tier: Tier; model: string; text: string; json: unknown; fallbackFrom: Tier | null },
): ResultEvent {
  return {
    version: 1,
    taskId: base.task.id,
    type: base.task.type,
    status: "ok",
    text: base.text,
    ...(base.json === undefined ? {} : { json: base.json }),
    tier: base.tier,
    model: base.model,
    routing: { reason: base.reason, fallbackFrom: base.fallbackFrom },
    usage: sumAttemptUsage(base.attempts),
    costUsd: sumAttemptCost(base.attempts),
    latencyMs: Math.max(0, Math.round(base.latencyMs)),
    attempts: base.attempts.length,
    metadata: base.task.metadata ?? {},
    completedAt: base.completedAt.toISOString(),
  };
}

export function buildErrorResult(
  base: ResultBase & { tier: Tier | null; model: string | null; fallbackFrom: Tier | null; errorType: ResultErrorType; message: string },
): ResultEvent {
  return {
    version: 1,
    taskId: base.task.id,
    type: base.task.type,
    status: "error",
    tier: base.tier,
    model: base.model,
    routing: { reason: base.reason, fallbackFrom: base.fallbackFrom },
    usage: sumAttemptUsage(base.attempts),
    costUsd: sumAttemptCost(base.attempts),
    latencyMs: Math.max(0, Math.round(base.latencyMs)),
    attempts: base.attempts.length,
    error: { type: base.errorType, message: base.message },
    metadata: base.task.metadata ?? {},
    completedAt: base.completedAt.toISOString(),
  };
}
