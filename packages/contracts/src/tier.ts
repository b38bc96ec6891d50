import { z } from "zod";

/** Model tiers, cheapest first. */
export const TIERS = ["fast", "standard", "powerful"] as const;
export const TierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof TierSchema>;

export const OutputTypeSchema = z.enum(["structured", "free_form"]);
export type OutputType = z.infer<typeof OutputTypeSchema>;

export const AccuracySchema = z.enum(["high", "standard", "best_effort"]);
export type Accuracy = z.infer<typeof AccuracySchema>;
