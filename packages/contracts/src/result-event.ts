import { z } from "zod";
import { MetadataSchema } from "./task-event";
import { TierSchema } from "./tier";
import { CallModeSchema, TokenUsageSchema } from "./usage-event";

/** Stable error types a result may carry. */
export const ResultErrorTypeSchema = z.enum([
  "invalid_task",
  "model_error",
  "rate_limited",
  "overloaded",
  "timeout",
  "connection",
  "spend_limit",
  "invalid_request",
  "authentication",
  "output_invalid",
  "budget_exceeded",
]);
export type ResultErrorType = z.infer<typeof ResultErrorTypeSchema>;

export const RoutingSchema = z.object({
  reason: z.string(),
  fallbackFrom: TierSchema.nullable(),
  /** The live policy version in force when the task was routed (0: the base config alone). Added later; optional. */
  policyVersion: z.number().int().min(0).optional(),
});
export type Routing = z.infer<typeof RoutingSchema>;

/** Result event, version 1: exactly one a caller can rely on per task. */
export const ResultEventSchema = z.object({
  version: z.literal(1),
  taskId: z.string().min(1).max(200),
  type: z.string(),
  status: z.enum(["ok", "error"]),
  text: z.string().optional(),
  json: z.unknown().optional(),
  /** Null only when no model was called (an invalid task). */
  tier: TierSchema.nullable(),
  model: z.string().nullable(),
  routing: RoutingSchema,
  usage: TokenUsageSchema,
  costUsd: z.number().min(0).nullable(),
  latencyMs: z.number().int().min(0),
  attempts: z.number().int().min(0),
  error: z.object({ type: ResultErrorTypeSchema, message: z.string() }).optional(),
  metadata: MetadataSchema,
  completedAt: z.iso.datetime({ offset: true }),
  /** How the model was called (added later: absent means sync). */
  mode: CallModeSchema.optional(),
});
export type ResultEvent = z.infer<typeof ResultEventSchema>;
