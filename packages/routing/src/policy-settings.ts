import { z } from "zod";

/**
 * The live policy's settings in the routing config (`policy`): the statistics
 * the controller and the guard decide on, and whether the controller applies
 * moves by itself (off by default: it only recommends).
 */
export const PolicySettingsSchema = z.strictObject({
  /** The controller publishes the moves the evidence supports; false: `switchyard policy apply-recommendations` does. */
  autoApply: z.boolean().default(false),
  /** The agreement the 95% Wilson bound is held against (lower bound to move down, upper bound to move back). */
  target: z.number().min(0).max(1).default(0.95),
  /** Comparisons needed before either decision. */
  minSamples: z.number().int().min(1).default(100),
  /** Share of a moved type's tasks the guard re-runs on the tier it left. */
  guardRate: z.number().min(0).max(1).default(0.05),
  /** Evidence older than this is not used, hours. */
  evidenceWindowHours: z
    .number()
    .min(0.001)
    .max(24 * 366)
    .default(14 * 24),
  /** At most one step per task type per this many minutes. */
  stepIntervalMinutes: z
    .number()
    .min(0)
    .max(24 * 60 * 366)
    .default(24 * 60),
  /** How often a running controller looks at the evidence, seconds. */
  checkIntervalSeconds: z
    .number()
    .min(0.1)
    .max(24 * 3600)
    .default(60),
});
export type PolicySettings = z.infer<typeof PolicySettingsSchema>;

export const DEFAULT_POLICY_SETTINGS: PolicySettings = PolicySettingsSchema.parse({});
