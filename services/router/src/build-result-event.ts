import type { ResultErrorType, ResultEvent, TaskEvent, Tier, TokenUsage } from "@switchyard/contracts";
import type { AttemptRecord } from "@switchyard/llm";

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

/** Token totals over every attempt: the caller pays for failed attempts too. */
export function sumUsage(attempts: readonly AttemptRecord[]): TokenUsage {
  return attempts.reduce<TokenUsage>(
    (total, attempt) => ({
      inputTokens: total.inputTokens + attempt.usage.inputTokens,
      outputTokens: total.outputTokens + attempt.usage.outputTokens,
      cacheCreationInputTokens: total.cacheCreationInputTokens + attempt.usage.cacheCreationInputTokens,
      cacheReadInputTokens: total.cacheReadInputTokens + attempt.usage.cacheReadInputTokens,
    }),
    NO_USAGE,
  );
}

/** Cost over every attempt; null as soon as one attempt has no price (never a partial sum). */
export function sumCost(attempts: readonly AttemptRecord[]): number | null {
  let total = 0;
  for (const attempt of attempts) {
    if (attempt.costUsd === null) return null;
    total += attempt.costUsd;
  }
  return total;
}

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
    usage: sumUsage(base.attempts),
    costUsd: sumCost(base.attempts),
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
    usage: sumUsage(base.attempts),
    costUsd: base.attempts.length === 0 ? 0 : sumCost(base.attempts),
    latencyMs: Math.max(0, Math.round(base.latencyMs)),
    attempts: base.attempts.length,
    error: { type: base.errorType, message: base.message },
    metadata: base.task.metadata ?? {},
    completedAt: base.completedAt.toISOString(),
  };
}
