import { z } from "zod";
import { ResultEventSchema } from "./result-event";
import { MetadataSchema, TaskEventSchema } from "./task-event";
import { TierSchema } from "./tier";

export const ShadowVerdictSchema = z.enum(["agree", "disagree", "shadow_failed"]);
export type ShadowVerdict = z.infer<typeof ShadowVerdictSchema>;

export const ShadowPhaseSchema = z.enum(["shadow", "guard"]);
export type ShadowPhase = z.infer<typeof ShadowPhaseSchema>;

/** Shadow event, version 1: one per comparison of an original answer with a cheaper tier's. */
export const ShadowEventSchema = z.object({
  version: z.literal(1),
  /** `${taskId}:${shadowTier}`: the same comparison evaluated twice has the same id. */
  eventId: z.string().min(1).max(300),
  ts: z.iso.datetime({ offset: true }),
  taskId: z.string().min(1).max(200),
  type: z.string(),
  originalTier: TierSchema,
  originalModel: z.string(),
  shadowTier: TierSchema,
  shadowModel: z.string(),
  evaluator: z.string(),
  /** 0..1: share of matching fields, judge score, or text similarity. */
  score: z.number().min(0).max(1),
  verdict: ShadowVerdictSchema,
  originalCostUsd: z.number().min(0).nullable(),
  shadowCostUsd: z.number().min(0).nullable(),
  /** What judging cost (judge calls), null when free or unpriced. */
  evaluationCostUsd: z.number().min(0).nullable(),
  /** Output text; null when content storage is off. */
  originalOutput: z.string().nullable(),
  shadowOutput: z.string().nullable(),
  originalOutputSha256: z.string(),
  shadowOutputSha256: z.string(),
  originalOutputLength: z.number().int().min(0),
  shadowOutputLength: z.number().int().min(0),
  metadata: MetadataSchema,
  /**
   * shadow: a pair judged before a move (original on its tier, shadow on the cheaper one);
   * guard: after a move (original on the new tier, shadow re-run on the tier it left, the reference).
   * Added later; absent means shadow.
   */
  phase: ShadowPhaseSchema.optional(),
  /** The policy version that routed the original. Added later; optional. */
  policyVersion: z.number().int().min(0).optional(),
});
export type ShadowEvent = z.infer<typeof ShadowEventSchema>;

/**
 * Internal event from the router to the shadow consumer: a sampled task with
 * its successful result, so the shadow never has to join two topics.
 */
export const ShadowCandidateEventSchema = z.object({
  version: z.literal(1),
  task: TaskEventSchema,
  result: ResultEventSchema,
  /** Present for a guard sample: re-run on this tier (the one the type moved down from). Added later. */
  guard: z.object({ tier: TierSchema, policyVersion: z.number().int().min(0) }).optional(),
});
export type ShadowCandidateEvent = z.infer<typeof ShadowCandidateEventSchema>;
