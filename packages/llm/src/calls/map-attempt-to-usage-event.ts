import { randomUUID } from "node:crypto";
import type { Metadata, UsageEvent } from "@switchyard/contracts";
import type { AttemptRecord } from "./complete-with-fallback";

/** One usage event per real model call; the event id is new for every call, redeliveries included. */
export function mapAttemptToUsageEvent(attempt: AttemptRecord, task: { id: string; type: string; metadata: Metadata }): UsageEvent {
  return {
    version: 1,
    eventId: randomUUID(),
    ts: attempt.startedAt.toISOString(),
    taskId: task.id,
    type: task.type,
    tier: attempt.tier,
    model: attempt.model,
    role: attempt.role,
    status: attempt.status,
    errorType: attempt.errorType,
    attempt: attempt.attempt,
    inputTokens: attempt.usage.inputTokens,
    outputTokens: attempt.usage.outputTokens,
    cacheCreationInputTokens: attempt.usage.cacheCreationInputTokens,
    cacheReadInputTokens: attempt.usage.cacheReadInputTokens,
    costUsd: attempt.costUsd,
    latencyMs: Math.max(0, Math.round(attempt.latencyMs)),
    metadata: task.metadata,
    mode: attempt.mode ?? "sync",
    ...(attempt.cacheWrites ? { cacheCreation5mInputTokens: attempt.cacheWrites.fiveMinute, cacheCreation1hInputTokens: attempt.cacheWrites.oneHour } : {}),
  };
}
