import type { AttemptRecord } from "@switchyard/llm";

/** One model call as the fallback chain records it: an ok primary call on the standard tier unless `overrides` say otherwise. */
export function buildAttemptRecord(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    tier: "standard",
    model: "claude-sonnet-4-5",
    role: "primary",
    attempt: 1,
    status: "ok",
    errorType: null,
    usage: { inputTokens: 1_000, outputTokens: 200, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    costUsd: 0,
    latencyMs: 1,
    startedAt: new Date(),
    requestId: null,
    ...overrides,
  };
}
