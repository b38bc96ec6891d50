import { z } from "zod";
import { MetadataSchema } from "./task-event";
import { TierSchema } from "./tier";

export const UsageRoleSchema = z.enum(["primary", "fallback", "shadow", "judge"]);
export type UsageRole = z.infer<typeof UsageRoleSchema>;

/** Sync: the Messages API; batch: the Message Batches API (billed at the batch rate). */
export const CallModeSchema = z.enum(["sync", "batch"]);
export type CallMode = z.infer<typeof CallModeSchema>;

export const TokenUsageSchema = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  cacheCreationInputTokens: z.number().int().min(0),
  cacheReadInputTokens: z.number().int().min(0),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** Usage event, version 1: one per real model call, failed calls included. */
export const UsageEventSchema = z.object({
  version: z.literal(1),
  eventId: z.string().min(1).max(200),
  ts: z.iso.datetime({ offset: true }),
  taskId: z.string().min(1).max(200),
  type: z.string().min(1).max(200),
  tier: TierSchema,
  model: z.string().min(1),
  role: UsageRoleSchema,
  /** abandoned: given up on at a revoke or shutdown while in flight; the provider may still bill it. */
  status: z.enum(["ok", "error", "abandoned"]),
  errorType: z.string().nullable(),
  attempt: z.number().int().min(1),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  cacheCreationInputTokens: z.number().int().min(0),
  cacheReadInputTokens: z.number().int().min(0),
  /** Null when the model has no price in the catalog; never a made-up 0. */
  costUsd: z.number().min(0).nullable(),
  latencyMs: z.number().int().min(0),
  metadata: MetadataSchema,
  /** Added later: how the model was called; absent means sync. */
  mode: CallModeSchema.optional(),
  /** Added later: the cache writes split by TTL (they sum to cacheCreationInputTokens). */
  cacheCreation5mInputTokens: z.number().int().min(0).optional(),
  cacheCreation1hInputTokens: z.number().int().min(0).optional(),
  /** The live policy version that routed the task (0: the base config alone). Added later; optional. */
  policyVersion: z.number().int().min(0).optional(),
});
export type UsageEvent = z.infer<typeof UsageEventSchema>;
