import { AccuracySchema, OutputTypeSchema, TierSchema, TIERS, type Tier } from "@switchyard/contracts";
import { z } from "zod";
import { BudgetsConfigSchema } from "./budgets/budget-config";
import { DEFAULT_POLICY_SETTINGS, PolicySettingsSchema } from "./policy-settings";

const ModelNameSchema = z.string().min(1).max(200);
const ProviderNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "a provider name: lowercase letters, digits, - and _");

const DimensionsSchema = z.strictObject({
  inputTokenEstimate: z.number().int().min(0),
  requiresReasoning: z.boolean(),
  outputType: OutputTypeSchema,
  accuracy: AccuracySchema,
});

/** An evaluator registered with the shadow consumer (built in: structured, judge, similarity); checked when it starts. */
export const EvaluatorNameSchema = z.string().min(1).max(100);
export type EvaluatorName = z.infer<typeof EvaluatorNameSchema>;

export const TaskTypeConfigSchema = z.strictObject({
  dimensions: DimensionsSchema,
  /** The model the team used before Switchyard, for the savings report. */
  baselineModel: ModelNameSchema.optional(),
  /** Share of this type's successful results re-run on the cheaper tier; 0 turns shadowing off. */
  shadowRate: z.number().min(0).max(1).optional(),
  /** How shadow pairs of this type are judged; by default from the output type. */
  evaluator: EvaluatorNameSchema.optional(),
  description: z.string().optional(),
  /** Send this type's tasks without a deadline to the batch lane (a task's own deadline still decides when given). */
  batchByDefault: z.boolean().optional(),
});
export type TaskTypeConfig = z.infer<typeof TaskTypeConfigSchema>;

const RatesSchema = {
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
  cacheWrite5mPerMillion: z.number().min(0).optional(),
  cacheWrite1hPerMillion: z.number().min(0).optional(),
  cacheReadPerMillion: z.number().min(0).optional(),
};
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day, YYYY-MM-DD");

/**
 * One dated price of a model (USD per million tokens). Without effectiveFrom
 * it applies since the model's release; cache rates left out follow the
 * standard multipliers (1.25×, 2× and 0.1× input).
 */
export const PriceOverrideSchema = z.strictObject({
  ...RatesSchema,
  effectiveFrom: DaySchema.optional(),
  /** Above abovePromptTokens prompt tokens every token of the request is priced at the band. */
  bands: z
    .array(z.strictObject({ ...RatesSchema, abovePromptTokens: z.number().int().min(1) }))
    .max(16)
    .optional(),
  batchDiscount: z.number().min(0).max(0.99).optional(),
  source: z.string().max(2_000).optional(),
  checkedOn: DaySchema.optional(),
  note: z.string().max(2_000).optional(),
});
export type PriceOverride = z.infer<typeof PriceOverrideSchema>;

// Two entries of one model in force from the same day leave its price undefined.
function refuseSameDay(entries: PriceOverride[], context: z.RefinementCtx): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const day = entry.effectiveFrom ?? "since release";
    if (seen.has(day)) context.addIssue({ code: "custom", path: [index, "effectiveFrom"], message: `two entries take effect on ${day}` });
    seen.add(day);
  });
}

export const RateLimitConfigSchema = z.strictObject({
  requestsPerMinute: z.number().int().min(1).optional(),
  tokensPerMinute: z.number().int().min(1).optional(),
});

/**
 * The batch lane (Message Batches API). Limits from Anthropic's batch
 * processing guide (checked 2026-11-30): a batch holds at most 100,000
 * requests or 256 MB, and may take up to 24 hours.
 */
export const BatchConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** A task goes to the batch lane when its deadline is at least this far away (hours). */
  marginHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(25),
  /** A batch being filled is sent once its oldest task waited this long. */
  maxAgeMs: z.number().int().min(0).max(86_400_000).default(60_000),
  maxRequests: z.number().int().min(1).max(100_000).default(100_000),
  maxBytes: z
    .number()
    .int()
    .min(1_024)
    .max(256 * 1024 * 1024)
    .default(256 * 1024 * 1024),
  /** How often a batch in flight is polled. */
  pollIntervalMs: z.number().int().min(10).max(3_600_000).default(30_000),
});
export type BatchConfig = z.infer<typeof BatchConfigSchema>;

/** Prompt caching: the router marks a breakpoint on system prompts at least the model's minimum long. */
export const CachingConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** TTL of the breakpoint when the task does not choose one. */
  defaultTtl: z.enum(["5m", "1h"]).default("5m"),
  /** Minimum cacheable prompt length by model id (added to or overriding the built-in table). */
  minimumTokens: z.record(ModelNameSchema, z.number().int().min(0)).default({}),
});
export type CachingConfig = z.infer<typeof CachingConfigSchema>;

/**
 * Today's Haiku, Sonnet and Opus: the newest generation in the SDK's model
 * list, checked 2026-11-30 (claude-sonnet-4-5, the previous default standard
 * model, reaches end of life that day).
 */
export const DEFAULT_TIER_MODELS: Readonly<Record<Tier, string>> = {
  fast: "claude-haiku-5-5",
  standard: "claude-sonnet-5-5",
  powerful: "claude-opus-5-5",
};

const tierRecord = <Value extends z.ZodType>(value: Value) => z.strictObject({ fast: value, standard: value, powerful: value });

/** The routing config file (SWITCHYARD_CONFIG, JSON). Every field has a default. */
export const RoutingConfigSchema = z.strictObject({
  /** Tier → model. The defaults are today's lineup (DEFAULT_TIER_MODELS). */
  models: tierRecord(ModelNameSchema).default(() => ({ ...DEFAULT_TIER_MODELS })),
  thresholds: z
    .strictObject({
      /** Rule 1: an input estimate above this goes to powerful. */
      powerfulAboveInputTokens: z.number().int().min(0).default(50_000),
      /** Rule 3: structured output below this (and accuracy not high) goes to fast. */
      fastBelowInputTokens: z.number().int().min(0).default(3_000),
    })
    .default({ powerfulAboveInputTokens: 50_000, fastBelowInputTokens: 3_000 }),
  /** Tiers tried, in order, after a tier fails. The article's default: standard → powerful. */
  fallbacks: tierRecord(z.array(TierSchema)).default({ fast: [], standard: ["powerful"], powerful: [] }),
  /** Tier → the provider that serves its model, by its registered name; "anthropic" where absent. */
  providers: z
    .strictObject({ fast: ProviderNameSchema.optional(), standard: ProviderNameSchema.optional(), powerful: ProviderNameSchema.optional() })
    .default({}),
  taskTypes: z.record(z.string().min(1).max(200), TaskTypeConfigSchema).default({}),
  shadow: z
    .strictObject({
      defaultRate: z.number().min(0).max(1).default(0.05),
      /** Where each tier's sampled tasks are re-run; by default the next cheaper tier. */
      targets: z.strictObject({ standard: TierSchema.optional(), powerful: TierSchema.optional() }).default({}),
      /** Keep output text in Kafka and ClickHouse; false keeps hashes and lengths only. */
      storeOutputs: z.boolean().default(true),
      judge: z.strictObject({ enabled: z.boolean().default(true), tier: TierSchema.default("standard") }).default({ enabled: true, tier: "standard" }),
      /** Relative tolerance for numbers in structured comparisons. */
      numberTolerance: z.number().min(0).default(1e-6),
      /** Judge or similarity score at or above which a pair agrees. */
      agreeAtScore: z.number().min(0).max(1).default(0.8),
    })
    .default({
      defaultRate: 0.05,
      targets: {},
      storeOutputs: true,
      judge: { enabled: true, tier: "standard" },
      numberTolerance: 1e-6,
      agreeAtScore: 0.8,
    }),
  /**
   * Prices by model id, one entry or dated entries: a model listed here uses
   * only these (they win over the shipped price book).
   */
  pricing: z
    .record(
      ModelNameSchema,
      // One entry is a list of one: errors then name the entry's field, not "invalid input".
      z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(PriceOverrideSchema).min(1).max(100).superRefine(refuseSameDay)),
    )
    .default({}),
  lifecycle: z
    .strictObject({
      /** Start with a model past its announced end of life (a platform with its own schedule); it warns instead. */
      allowRetired: z.boolean().default(false),
    })
    .default({ allowRetired: false }),
  /** Optional per-model budgets so the router slows down instead of causing 429 storms. */
  rateLimits: z.record(ModelNameSchema, RateLimitConfigSchema).default({}),
  /** Spend limits per tenant and/or feature (see budgets/budget-config.ts). */
  budgets: BudgetsConfigSchema.prefault({}),
  batch: BatchConfigSchema.prefault({}),
  caching: CachingConfigSchema.prefault({}),
  /** The live policy's controller and guard (see policy-settings.ts). */
  policy: PolicySettingsSchema.default(DEFAULT_POLICY_SETTINGS),
});
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;
export type RoutingConfigInput = z.input<typeof RoutingConfigSchema>;

/** The built-in task types (the article's), merged under the user's. */
export const BUILT_IN_TASK_TYPES: Record<string, TaskTypeConfig> = {
  keyword_relevance: {
    description: "Is this keyword relevant to this product? Structured, small.",
    dimensions: { inputTokenEstimate: 500, requiresReasoning: false, outputType: "structured", accuracy: "standard" },
    baselineModel: "claude-3-opus",
  },
  campaign_summary: {
    description: "What happened in this campaign this week? Free-form narrative.",
    dimensions: { inputTokenEstimate: 5_000, requiresReasoning: false, outputType: "free_form", accuracy: "standard" },
    baselineModel: "claude-3-opus",
  },
  account_strategy: {
    description: "How should this account be restructured? Multi-step reasoning, high stakes.",
    dimensions: { inputTokenEstimate: 20_000, requiresReasoning: true, outputType: "free_form", accuracy: "high" },
    baselineModel: "claude-3-opus",
  },
  data_extraction: {
    description: "Pull fields out of a document into JSON.",
    dimensions: { inputTokenEstimate: 1_500, requiresReasoning: false, outputType: "structured", accuracy: "standard" },
    baselineModel: "claude-3-5-sonnet",
  },
};

/** Validates a config object and merges the built-in task types under it. */
export function resolveRoutingConfig(input: unknown): RoutingConfig {
  const config = RoutingConfigSchema.parse(input ?? {});
  return withBuiltInTaskTypes(config);
}

export function withBuiltInTaskTypes(config: RoutingConfig): RoutingConfig {
  return { ...config, taskTypes: { ...BUILT_IN_TASK_TYPES, ...config.taskTypes } };
}

/** Each configured tier model by the setting that names it (models.fast → claude-haiku-5-5), for start-up checks. */
export function configuredModelSettings(config: RoutingConfig): Record<string, string> {
  return Object.fromEntries(TIERS.map((tier) => [`models.${tier}`, config.models[tier]]));
}

/** The tier a sampled task of `tier` is re-run on, or null when nothing is cheaper. */
export function shadowTargetTier(config: RoutingConfig, tier: Tier): Tier | null {
  if (tier === "fast") return null;
  const configured = config.shadow.targets[tier];
  if (configured) return TIERS.indexOf(configured) < TIERS.indexOf(tier) ? configured : null;
  return TIERS[TIERS.indexOf(tier) - 1] ?? null;
}

/** The tiers a task starting on `tier` tries, in order. */
export function fallbackChain(config: RoutingConfig, tier: Tier): Tier[] {
  const chain: Tier[] = [tier];
  for (const next of config.fallbacks[tier]) if (!chain.includes(next)) chain.push(next);
  return chain;
}
