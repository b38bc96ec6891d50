import { randomUUID } from "node:crypto";
import type { UsageEvent } from "@switchyard/contracts";

/**
 * Usage events shaped as the router writes them, one per index, 10 ms apart
 * from `startMs`: a primary fast-tier call unless `shape` says otherwise.
 */
export function buildUsageEvents(count: number, shape: (index: number) => Partial<UsageEvent> = () => ({}), startMs = Date.now() - 3_600_000): UsageEvent[] {
  return Array.from({ length: count }, (_unused, index) => ({
    version: 1,
    eventId: randomUUID(),
    ts: new Date(startMs + index * 10).toISOString(),
    taskId: `task-${index}`,
    type: "keyword_relevance",
    tier: "fast",
    model: "claude-haiku-4-5",
    role: "primary",
    status: "ok",
    errorType: null,
    attempt: 1,
    inputTokens: 100,
    outputTokens: 20,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
    costUsd: 0.0002,
    latencyMs: 5,
    metadata: {},
    ...shape(index),
  }));
}
