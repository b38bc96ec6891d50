import type { ShadowEvent } from "@switchyard/contracts";

/** A shadow comparison shaped as the shadow service writes it (content storage off): agreement unless `overrides` say otherwise. */
export function buildShadowEvent(overrides: Partial<ShadowEvent> = {}): ShadowEvent {
  return {
    version: 1,
    eventId: "cs-1:fast",
    ts: "2026-11-28T01:00:02Z",
    taskId: "cs-1",
    type: "campaign_summary",
    originalTier: "standard",
    originalModel: "claude-sonnet-4-5",
    shadowTier: "fast",
    shadowModel: "claude-haiku-4-5",
    evaluator: "judge",
    score: 0.9,
    verdict: "agree",
    originalCostUsd: 0.01,
    shadowCostUsd: 0.002,
    evaluationCostUsd: null,
    originalOutput: null,
    shadowOutput: null,
    originalOutputSha256: "a".repeat(64),
    shadowOutputSha256: "b".repeat(64),
    originalOutputLength: 120,
    shadowOutputLength: 110,
    metadata: {},
    ...overrides,
  } as ShadowEvent;
}
