import { z } from "zod";

/** Alert event, version 1: an anomaly finding of the sink's detector, or a budget threshold a router saw crossed. */
export const AlertEventSchema = z.object({
  version: z.literal(1),
  /** Stable for the same finding, so repeated detector runs can be deduped. */
  alertId: z.string().min(1),
  ts: z.iso.datetime({ offset: true }),
  kind: z.enum(["cost_anomaly", "tier_mix_shift", "budget_threshold", "budget_exceeded", "policy_move_down", "policy_rollback"]),
  subject: z.string(),
  /** The hour of an anomaly; the UTC period ("2026-11-30", "2026-11") of a budget alert. */
  hour: z.string(),
  observed: z.number(),
  baseline: z.number(),
  threshold: z.number(),
  message: z.string(),
});
export type AlertEvent = z.infer<typeof AlertEventSchema>;
