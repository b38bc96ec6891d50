import type { ResultEvent } from "@switchyard/contracts";

/** A result event shaped as the router writes it: an ok fast-tier answer unless `overrides` say otherwise. */
export function buildResultEvent(overrides: Partial<ResultEvent> = {}): ResultEvent {
  return {
    version: 1,
    taskId: "task-0",
    type: "keyword_relevance",
    status: "ok",
    text: "x",
    tier: "fast",
    model: "claude-haiku-4-5",
    routing: { reason: "r", fallbackFrom: null },
    usage: { inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    costUsd: 0,
    latencyMs: 1,
    attempts: 1,
    metadata: {},
    completedAt: "2026-11-30T10:00:00Z",
    ...overrides,
  };
}
