import { z } from "zod";

/** Alert event, version 1: one anomaly finding of the sink's detector. */
export const AlertEventSchema = z.object({
  version: z.literal(1),
  /** Stable for the same finding, so repeated detector runs can be deduped. */
  alertId: z.string().min(1),
  ts: z.iso.datetime({ offset: true }),
  kind: z.enum(["cost_anomaly", "tier_mix_shift", "policy_move_down", "policy_rollback"]),
  subject: z.string(),
  hour: z.string(),
  observed: z.number(),
  baseline: z.number(),
  threshold: z.number(),
  message: z.string(),
});
export type AlertEvent = z.infer<typeof AlertEventSchema>;
