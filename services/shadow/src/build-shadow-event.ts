import { createHash } from "node:crypto";
import type { Metadata, ShadowEvent, ShadowPhase, ShadowVerdict, Tier } from "@switchyard/contracts";

export interface ShadowComparison {
  taskId: string;
  type: string;
  originalTier: Tier;
  originalModel: string;
  shadowTier: Tier;
  shadowModel: string;
  evaluator: string;
  score: number;
  verdict: ShadowVerdict;
  originalCostUsd: number | null;
  shadowCostUsd: number | null;
  evaluationCostUsd: number | null;
  originalOutput: string;
  shadowOutput: string;
  metadata: Metadata;
  ts: Date;
  /** Default shadow. */
  phase?: ShadowPhase;
  /** The policy version that routed the original, when it said. */
  policyVersion?: number | undefined;
}

/**
 * The shadow event of one comparison. Its id is the task and the shadow tier,
 * so a pair evaluated twice (after a crash) is stored and counted once; a
 * guard pair's id says guard, so it never collapses into a pre-move pair.
 * With content storage off only hashes and lengths leave the process.
 */
export function buildShadowEvent(comparison: ShadowComparison, storeOutputs: boolean): ShadowEvent {
  return {
    version: 1,
    eventId: comparison.phase === "guard" ? `${comparison.taskId}:guard:${comparison.shadowTier}` : `${comparison.taskId}:${comparison.shadowTier}`,
    ts: comparison.ts.toISOString(),
    taskId: comparison.taskId,
    type: comparison.type,
    originalTier: comparison.originalTier,
    originalModel: comparison.originalModel,
    shadowTier: comparison.shadowTier,
    shadowModel: comparison.shadowModel,
    evaluator: comparison.evaluator,
    score: Math.min(1, Math.max(0, comparison.score)),
    verdict: comparison.verdict,
    originalCostUsd: comparison.originalCostUsd,
    shadowCostUsd: comparison.shadowCostUsd,
    evaluationCostUsd: comparison.evaluationCostUsd,
    originalOutput: storeOutputs ? comparison.originalOutput : null,
    shadowOutput: storeOutputs ? comparison.shadowOutput : null,
    originalOutputSha256: sha256(comparison.originalOutput),
    shadowOutputSha256: sha256(comparison.shadowOutput),
    originalOutputLength: comparison.originalOutput.length,
    shadowOutputLength: comparison.shadowOutput.length,
    metadata: comparison.metadata,
    phase: comparison.phase ?? "shadow",
    ...(comparison.policyVersion === undefined ? {} : { policyVersion: comparison.policyVersion }),
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
