import { z } from "zod";
import { TierSchema } from "./tier";

/** Default name of the compacted topic that carries the live routing policy. */
export const DEFAULT_POLICY_TOPIC = "llm.policy";

/** What a policy change sets for one task type; absent fields keep the base config's value. */
export const TaskTypeOverrideSchema = z.object({
  /** Every task of the type goes to this tier (a task's own `tier` pin still wins). */
  tier: TierSchema.optional(),
  /** Classification thresholds for this type only. */
  thresholds: z
    .object({
      powerfulAboveInputTokens: z.number().int().min(0).optional(),
      fastBelowInputTokens: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Share of the type's results re-run on the cheaper tier. */
  shadowRate: z.number().min(0).max(1).optional(),
});
export type TaskTypeOverride = z.infer<typeof TaskTypeOverrideSchema>;

/** The statistics a change was decided on (the controller's, or an operator's when given). */
export const PolicyEvidenceSchema = z.object({
  /** shadow: pairs before a move (answer tier vs the cheaper tier); guard: pairs after a move (new tier vs the tier it left). */
  phase: z.enum(["shadow", "guard"]),
  fromTier: TierSchema,
  toTier: TierSchema,
  samples: z.number().int().min(0),
  agreements: z.number().int().min(0),
  /** 95% Wilson interval of the agreement rate. */
  lower: z.number().min(0).max(1),
  upper: z.number().min(0).max(1),
  target: z.number().min(0).max(1),
  minSamples: z.number().int().min(0),
  window: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
});
export type PolicyEvidence = z.infer<typeof PolicyEvidenceSchema>;

/** `operator:<name>` or `controller`. */
export const PolicyAuthorSchema = z.string().regex(/^(operator:[^\s]{1,100}|controller)$/, {
  message: "expected operator:<name> or controller",
});

/**
 * Policy change event, version 1 (`llm.policy`, keyed by task type, compacted):
 * the override in force for one task type from `policyVersion` on. Versions
 * increase across the whole topic; a change whose version is not above the
 * policy in force is ignored, and a change whose `changeId` was already
 * applied is a duplicate (two controllers publishing the same decision).
 */
export const PolicyChangeEventSchema = z.object({
  version: z.literal(1),
  changeId: z.string().min(1).max(200),
  policyVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  taskType: z.string().min(1).max(200),
  /** null: the type goes back to the base config. */
  override: TaskTypeOverrideSchema.nullable(),
  /** The tier the type moved down from: the guard keeps re-running a sample there. null: no guard. */
  movedFrom: TierSchema.nullable().default(null),
  /** Share of the moved type's tasks the guard re-runs on `movedFrom`. */
  guardRate: z.number().min(0).max(1).optional(),
  /** Operator changes pin the type: the controller leaves it alone until an operator clears it. */
  pinned: z.boolean().default(false),
  author: PolicyAuthorSchema,
  reason: z.string().min(1).max(1000),
  evidence: PolicyEvidenceSchema.nullable().default(null),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PolicyChangeEvent = z.infer<typeof PolicyChangeEventSchema>;
export type PolicyChangeEventInput = z.input<typeof PolicyChangeEventSchema>;
