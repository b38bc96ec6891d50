import { z } from "zod";

/** How one simulated model behaves. */
export const ModelProfileSchema = z.strictObject({
  /** 0..1; the model with the highest skill gives the reference answers. */
  skill: z.number().min(0).max(1),
  /** Time before the first token, ms (before latencyScale). */
  latencyMs: z.number().min(0),
  /** Time per generated token, ms (before latencyScale). */
  perOutputTokenMs: z.number().min(0).default(0),
  /** The largest max_tokens the model accepts. */
  maxOutputTokens: z.number().int().min(1).default(64_000),
  /**
   * Models of one family share their per-minute rate-limit windows (as a
   * provider's limit per model class does); by default each model is its own.
   */
  rateLimitFamily: z.string().min(1).max(200).optional(),
});
export type ModelProfile = z.infer<typeof ModelProfileSchema>;

export const FAULT_KINDS = ["rate_limit", "overloaded", "server_error", "spend_limit", "hang", "invalid_output"] as const;

/**
 * A share of calls answered with an error instead of a completion:
 * rate_limit (429 + retry-after), overloaded (529), server_error (500),
 * spend_limit (429 that says the usage limit was reached), hang (no answer
 * until the client gives up) or invalid_output (200 whose text is not JSON).
 */
export const FaultSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  /** 0..1: the share of matching calls that get this fault. */
  share: z.number().min(0).max(1),
  /** Model ids it applies to; all models when absent. */
  models: z.array(z.string().min(1)).optional(),
  /** rate_limit only: the retry-after sent (retry-after in whole seconds, rounded up, and retry-after-ms). */
  retryAfterMs: z.number().int().min(0).default(1_000),
  /** The fault starts this long after the configuration is applied. */
  startsAfterMs: z.number().int().min(0).default(0),
  /** And lasts this long; for ever when absent. */
  durationMs: z.number().int().min(1).optional(),
  /** At most this many calls get the fault (e.g. 1: only the first matching call); no limit when absent. */
  limit: z.number().int().min(1).optional(),
});
export type Fault = z.infer<typeof FaultSchema>;

/**
 * The quality model. A cheaper model's answer differs from the reference
 * (the most skilled model's) on a share of tasks: by default
 * 1 − 2 × (1 − skill) × difficulty, where a task's difficulty comes from its
 * type (header x-switchyard-task-type) plus its input size. `agreement`
 * overrides that share per task type and model; in a task type named there,
 * models not named agree with the reference on every task.
 */
export const QualitySchema = z.strictObject({
  agreement: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))).default({}),
  difficulty: z.record(z.string(), z.number().min(0).max(1)).default({
    keyword_relevance: 0.05,
    data_extraction: 0.1,
    campaign_summary: 0.4,
    account_strategy: 0.8,
  }),
  /** Difficulty of task types not listed (and of calls without the header). */
  defaultDifficulty: z.number().min(0).max(1).default(0.3),
});

export const RateLimitsSchema = z.strictObject({
  requestsPerMinute: z.number().int().min(1).default(4_000),
  inputTokensPerMinute: z.number().int().min(1).default(2_000_000),
  outputTokensPerMinute: z.number().int().min(1).default(400_000),
  /** Answer 429 once a per-minute budget is spent (off: the headers only report). */
  enforce: z.boolean().default(false),
});

/** A share of batch requests that end errored (with this API error type) or expired instead of succeeding. */
export const BatchOutcomeRuleSchema = z.strictObject({
  kind: z.enum(["errored", "expired"]),
  /** 0..1, drawn per custom_id (seeded): the same requests meet the same outcome. */
  share: z.number().min(0).max(1),
  models: z.array(z.string().min(1)).optional(),
  /** At most this many requests get the outcome. */
  limit: z.number().int().min(1).optional(),
  errorType: z.enum(["api_error", "overloaded_error", "invalid_request_error"]).default("api_error"),
});
export type BatchOutcomeRule = z.infer<typeof BatchOutcomeRuleSchema>;

export const BatchesSchema = z.strictObject({
  /** How long a batch takes from creation to its end (not scaled by latencyScale). */
  processingMs: z.number().int().min(0).default(2_000),
  /** A batch not ended this long after creation expires: its unprocessed requests end expired (the API: 24 h). */
  expiresAfterMs: z.number().int().min(1).default(86_400_000),
  outcomes: z.array(BatchOutcomeRuleSchema).default([]),
});

export const SimulatorConfigSchema = z.strictObject({
  /** Seeds answers, quality draws and fault draws. */
  seed: z.string().default("switchyard"),
  /** Multiplies every latency; 0 answers at once (benchmarks). */
  latencyScale: z.number().min(0).default(1),
  /** When set, every model takes exactly this long (before latencyScale), whatever it writes. */
  fixedLatencyMs: z.number().min(0).nullable().default(null),
  /** Random spread of per-model latencies, as a share (0.1 = ±10%). */
  latencyJitter: z.number().min(0).max(1).default(0.1),
  models: z.record(z.string().min(1), ModelProfileSchema).prefault(() => defaultModelProfiles()),
  faults: z.array(FaultSchema).default([]),
  quality: QualitySchema.prefault({}),
  /** Prompt caching: prefixes shorter than this are not cached (the API's minimum is 1,024 to 4,096 tokens by model). */
  cache: z.strictObject({ minimumTokens: z.number().int().min(0).default(1_024) }).prefault({}),
  rateLimits: RateLimitsSchema.prefault({}),
  /** The Message Batches endpoints. */
  batches: BatchesSchema.prefault({}),
  /** When set, x-api-key must be one of these; any non-empty key is accepted otherwise. */
  apiKeys: z.array(z.string().min(1)).optional(),
});
export type SimulatorConfig = z.infer<typeof SimulatorConfigSchema>;
export type SimulatorConfigInput = z.input<typeof SimulatorConfigSchema>;

function profile(skill: number, latencyMs: number, perOutputTokenMs: number, maxOutputTokens: number) {
  return { skill, latencyMs, perOutputTokenMs, maxOutputTokens };
}

/**
 * The models the simulator knows by default: those of the price book and the
 * SDK's model list. Dated ids (…-20241022) resolve to these. Skills and
 * latencies are the simulation's own, not measurements.
 */
export function defaultModelProfiles(): Record<string, ModelProfile> {
  return {
    "claude-3-haiku": profile(0.7, 250, 3, 4_096),
    "claude-3-5-haiku": profile(0.75, 300, 4, 8_192),
    "claude-3-5-sonnet": profile(0.85, 600, 12, 8_192),
    "claude-3-7-sonnet": profile(0.88, 600, 12, 64_000),
    "claude-3-opus": profile(1, 1_500, 25, 4_096),
    "claude-haiku-4-5": profile(0.8, 300, 4, 64_000),
    "claude-sonnet-4": profile(0.9, 600, 12, 64_000),
    "claude-sonnet-4-5": profile(0.9, 600, 12, 64_000),
    "claude-sonnet-4-6": profile(0.92, 600, 12, 64_000),
    "claude-opus-4": profile(1, 1_200, 20, 32_000),
    "claude-opus-4-1": profile(1, 1_200, 20, 32_000),
    "claude-opus-4-5": profile(1, 1_200, 20, 64_000),
    "claude-opus-4-6": profile(1, 1_200, 20, 128_000),
    "claude-opus-4-7": profile(1, 1_200, 20, 128_000),
    "claude-opus-4-8": profile(1, 1_200, 20, 128_000),
    "claude-sonnet-5": profile(0.93, 600, 12, 128_000),
    "claude-opus-5": profile(1, 1_200, 20, 128_000),
    "claude-fable-5": profile(1, 1_500, 25, 128_000),
    "claude-fable-5-1": profile(1, 1_500, 25, 128_000),
    "claude-fable-5-2": profile(1, 1_500, 25, 128_000),
    "claude-mythos-5": profile(1, 1_500, 25, 128_000),
    "claude-mythos-5-1": profile(1, 1_500, 25, 128_000),
    "claude-mythos-5-2": profile(1, 1_500, 25, 128_000),
    // Today's default lineup.
    "claude-haiku-5-5": profile(0.85, 250, 3, 128_000),
    "claude-sonnet-5-5": profile(0.94, 500, 10, 128_000),
    "claude-opus-5-5": profile(1, 1_000, 18, 128_000),
  };
}

/** The configuration after a runtime change: each top-level key given replaces the current one. */
export function mergeSimulatorConfig(current: SimulatorConfig, change: unknown): SimulatorConfig {
  const patch = z.record(z.string(), z.unknown()).parse(change);
  return SimulatorConfigSchema.parse({ ...current, ...patch });
}
