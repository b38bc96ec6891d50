import { z } from "zod";
import { strictNumber } from "./strict-parameter-schemas";
import { DEFAULT_BASELINE_MODELS } from "./default-baseline-models";
import { LINEUP_SAVINGS_REPORT } from "./lineup-savings-report";
import { recommendGuard, recommendShadowMove } from "./recommend-shadow-move";

export type ReportRow = Record<string, unknown>;

export interface ReportParameter {
  name: string;
  description: string;
  /** Validates (and, for command-line strings, coerces) the value. */
  schema: z.ZodType;
  /** Used when the parameter is not given; undefined means required. */
  defaultValue?: unknown;
}

export interface ReportColumn {
  name: string;
  description: string;
}

export interface ReportDefinition {
  name: string;
  description: string;
  /** The SQL file in packages/clickhouse/queries. */
  file: string;
  /** Without `to`, the period ends now; without `from`, it starts this many hours before `to`. */
  defaultPeriodHours: number;
  /** Parameters besides from and to. */
  parameters: ReportParameter[];
  /** The columns of the result, in order (after `finish`). */
  columns: ReportColumn[];
  /** Turns validated parameters into the SQL file's placeholder values (default: as they are). */
  toSqlValues?: (parameters: Record<string, unknown>) => Record<string, unknown>;
  /** Work done in TypeScript after the query (statistics kept in one tested function). */
  finish?: (rows: ReportRow[], parameters: Record<string, unknown>) => ReportRow[];
}

const hours = strictNumber(
  z
    .number()
    .int()
    .min(1)
    .max(24 * 366),
);
const count = strictNumber(z.number().int().min(0).max(0xffff_ffff));
const share = strictNumber(z.number().min(0).max(1));

/**
 * One dated price row of a model for the savings report, USD per million
 * tokens: in force from `effectiveFrom` (a day; a model's first row applies
 * to every earlier call too), for requests whose prompt is above
 * `abovePromptTokens` (0: the base rates; a long-context band otherwise).
 */
export const ModelPriceSchema = z.object({
  model: z.string().min(1),
  effectiveFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .default("1970-01-01"),
  abovePromptTokens: z.number().int().min(0).max(0xffff_ffff).default(0),
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
  cacheWrite5mPerMillion: z.number().min(0),
  cacheReadPerMillion: z.number().min(0),
});
export type ModelPrice = z.input<typeof ModelPriceSchema>;

const baselineHoursParameter: ReportParameter = {
  name: "baselineHours",
  description: "length of the trailing baseline, in hours before the window",
  schema: hours,
  defaultValue: 168,
};

const metadataName = z.string().max(1_000).nullable();

const historyLimitParameter: ReportParameter = {
  name: "limit",
  description: "number of rows, newest first",
  schema: strictNumber(z.number().int().min(1).max(100_000)),
  defaultValue: 200,
};

const PERIOD_COLUMNS = {
  calls: { name: "calls", description: "model calls (each counted once)" },
  inputTokens: { name: "input_tokens", description: "input tokens" },
  outputTokens: { name: "output_tokens", description: "output tokens" },
  cacheCreation: { name: "cache_creation_input_tokens", description: "tokens written to the prompt cache" },
  cacheRead: { name: "cache_read_input_tokens", description: "tokens read from the prompt cache" },
  cost: { name: "cost_usd", description: "cost in USD of the calls whose model had a price" },
  unpriced: { name: "unpriced_calls", description: "calls whose model had no price (cost unknown, not counted in cost_usd)" },
} as const;

const COST_BY_DAY_COLUMNS: ReportColumn[] = [
  { name: "day", description: "the day (UTC)" },
  { name: "task_type", description: "the task type" },
  { name: "tier", description: "fast, standard or powerful" },
  { name: "model", description: "the model called" },
  { name: "role", description: "primary, fallback, shadow or judge" },
  PERIOD_COLUMNS.calls,
  PERIOD_COLUMNS.inputTokens,
  PERIOD_COLUMNS.outputTokens,
  PERIOD_COLUMNS.cacheCreation,
  PERIOD_COLUMNS.cacheRead,
  PERIOD_COLUMNS.cost,
  PERIOD_COLUMNS.unpriced,
  { name: "batch_cost_share", description: "share of cost_usd paid by Message Batches calls" },
  { name: "cached_input_share", description: "share of input tokens read from the prompt cache" },
];

export const REPORT_DEFINITIONS: readonly ReportDefinition[] = [
  {
    name: "cost-by-day",
    description: "Calls, tokens and cost per day (UTC), task type, tier, model and role, with the batch and cached shares.",
    file: "cost-by-day.sql",
    defaultPeriodHours: 7 * 24,
    parameters: [],
    columns: COST_BY_DAY_COLUMNS,
  },
  {
    name: "tenant-cost-by-day",
    description: "cost-by-day for one tenant and/or one feature (from task metadata): calls, tokens and cost per day (UTC), task type, tier, model and role.",
    file: "tenant-cost-by-day.sql",
    defaultPeriodHours: 7 * 24,
    parameters: [
      { name: "tenant", description: "metadata.tenant ('' : tasks without one; absent: every tenant)", schema: metadataName, defaultValue: null },
      { name: "feature", description: "metadata.feature ('' : tasks without one; absent: every feature)", schema: metadataName, defaultValue: null },
    ],
    columns: COST_BY_DAY_COLUMNS,
    toSqlValues: (parameters) => ({
      ...parameters,
      anyTenant: parameters.tenant === null ? 1 : 0,
      tenant: parameters.tenant ?? "",
      anyFeature: parameters.feature === null ? 1 : 0,
      feature: parameters.feature ?? "",
    }),
  },
  {
    name: "tier-mix",
    description:
      "Each task type's share of routed calls per tier in the window against its trailing baseline; flags a jump in the powerful tier's share (the routing-bug signal).",
    file: "tier-mix.sql",
    defaultPeriodHours: 24,
    parameters: [
      baselineHoursParameter,
      { name: "threshold", description: "flag when the powerful share rose by at least this (0.10 = 10 points)", schema: share, defaultValue: 0.1 },
      { name: "minCalls", description: "only flag task types with at least this many calls in the window", schema: count, defaultValue: 20 },
    ],
    columns: [
      { name: "task_type", description: "the task type" },
      { name: "tier", description: "fast, standard or powerful" },
      { name: "window_calls", description: "routed calls on this tier in the window" },
      { name: "window_total", description: "routed calls of the task type in the window" },
      { name: "window_share", description: "window_calls / window_total" },
      { name: "baseline_calls", description: "routed calls on this tier in the baseline" },
      { name: "baseline_total", description: "routed calls of the task type in the baseline" },
      { name: "baseline_share", description: "baseline_calls / baseline_total" },
      { name: "share_change", description: "window_share - baseline_share" },
      { name: "flagged", description: "1 on the powerful row when its share jumped by at least the threshold" },
    ],
  },
  {
    name: "cost-anomalies",
    description:
      "Hours whose cost for a model or a task type lies more than k standard deviations from its trailing baseline (only the anomalous hours are listed).",
    file: "cost-anomalies.sql",
    defaultPeriodHours: 24,
    parameters: [
      baselineHoursParameter,
      {
        name: "k",
        description: "standard deviations from the baseline mean that count as an anomaly",
        schema: strictNumber(z.number().gt(0).max(1000)),
        defaultValue: 3,
      },
      { name: "minBaselineHours", description: "hours with fewer baseline hours (with calls) than this are not judged", schema: count, defaultValue: 24 },
    ],
    columns: [
      { name: "dimension", description: "model or task_type" },
      { name: "key", description: "the model or task type" },
      { name: "hour", description: "the anomalous hour (UTC)" },
      { name: "cost_usd", description: "its cost" },
      { name: "baseline_hours", description: "hours with calls in its baseline" },
      { name: "baseline_mean_usd", description: "mean hourly cost in the baseline" },
      { name: "baseline_stddev_usd", description: "population standard deviation of the baseline's hourly cost" },
      { name: "z_score", description: "(cost - mean) / stddev; null when the baseline has no spread" },
    ],
  },
  {
    name: "cost-per-call-drift",
    description: "Cost and input tokens per routed call for each task type, window against trailing baseline (prompt bloat).",
    file: "cost-per-call-drift.sql",
    defaultPeriodHours: 24,
    parameters: [
      baselineHoursParameter,
      {
        name: "threshold",
        description: "flag when cost per call rose by at least this share (0.2 = +20%)",
        schema: strictNumber(z.number().min(0).max(100)),
        defaultValue: 0.2,
      },
      { name: "minCalls", description: "only flag with at least this many priced calls in both periods", schema: count, defaultValue: 20 },
    ],
    columns: [
      { name: "task_type", description: "the task type" },
      { name: "window_calls", description: "routed calls in the window" },
      { name: "window_cost_per_call_usd", description: "cost per priced call in the window" },
      { name: "baseline_calls", description: "routed calls in the baseline" },
      { name: "baseline_cost_per_call_usd", description: "cost per priced call in the baseline" },
      { name: "cost_per_call_change", description: "window / baseline - 1" },
      { name: "window_input_tokens_per_call", description: "input tokens per call in the window" },
      { name: "baseline_input_tokens_per_call", description: "input tokens per call in the baseline" },
      { name: "flagged", description: "1 when cost per call rose by at least the threshold" },
    ],
  },
  {
    name: "savings",
    description:
      "The article's Results in Production table: per task type the baseline model, the routed models, quality from shadow agreement, and the cost change against the same tokens on the baseline model; then all task types together and each tier's share of calls.",
    file: "savings.sql",
    defaultPeriodHours: 30 * 24,
    parameters: [
      {
        name: "prices",
        description:
          "USD per million tokens per model: { model, effectiveFrom?, abovePromptTokens?, inputPerMillion, outputPerMillion, cacheWrite5mPerMillion, cacheReadPerMillion }[]",
        schema: z.array(ModelPriceSchema).min(1),
      },
      {
        name: "baselineModels",
        description: "task type → the model it used before Switchyard",
        schema: z.record(z.string().min(1), z.string().min(1)),
        defaultValue: DEFAULT_BASELINE_MODELS,
      },
    ],
    columns: [
      { name: "task_type", description: "the task type; (all) for the total row" },
      { name: "baseline_model", description: "the model used before Switchyard ('' when not configured)" },
      { name: "routed_models", description: "the models the router called" },
      PERIOD_COLUMNS.calls,
      { name: "fast_share", description: "share of routed calls on the fast tier" },
      { name: "standard_share", description: "share of routed calls on the standard tier" },
      { name: "powerful_share", description: "share of routed calls on the powerful tier" },
      { name: "actual_cost_usd", description: "recorded cost of the routed calls" },
      { name: "baseline_cost_usd", description: "the same calls' tokens at the baseline model's prices (null without a priced baseline)" },
      { name: "cost_change_percent", description: "actual against baseline, in percent (-98.3 = 98.3% cheaper)" },
      { name: "quality_change", description: "shadow agreement, or 'no data'" },
      { name: "shadow_samples", description: "shadow comparisons of the task type" },
      { name: "evaluation_cost_usd", description: "cost of evaluation: shadow re-runs and judge calls" },
      PERIOD_COLUMNS.unpriced,
    ],
    toSqlValues: (parameters) => ({
      ...parameters,
      prices: toPriceTuples(parameters.prices as z.infer<typeof ModelPriceSchema>[]),
      baselines: Object.entries(parameters.baselineModels as Record<string, string>),
    }),
    finish: finishSavings,
  },
  {
    name: "savings-by-lever",
    description:
      "Per task type, the saving of each cost lever against the baseline model with no batches and no cache: routing (the cheaper model), batching (the Message Batches discount) and caching (prompt cache reads and writes), and their total.",
    file: "savings-by-lever.sql",
    defaultPeriodHours: 30 * 24,
    parameters: [
      {
        name: "prices",
        description: "USD per million tokens per model: { model, inputPerMillion, outputPerMillion, cacheWrite5mPerMillion, cacheReadPerMillion }[]",
        schema: z.array(ModelPriceSchema).min(1),
      },
      {
        name: "baselineModels",
        description: "task type → the model it used before Switchyard",
        schema: z.record(z.string().min(1), z.string().min(1)),
        defaultValue: DEFAULT_BASELINE_MODELS,
      },
      { name: "batchFactor", description: "the share of the list price a batch call pays", schema: z.coerce.number().gt(0).max(1), defaultValue: 0.5 },
    ],
    columns: [
      { name: "task_type", description: "the task type" },
      { name: "baseline_model", description: "the model used before Switchyard ('' when not configured)" },
      PERIOD_COLUMNS.calls,
      { name: "batch_calls", description: "routed calls made through Message Batches" },
      { name: "actual_cost_usd", description: "recorded cost of the routed calls" },
      { name: "baseline_cost_usd", description: "the same tokens, uncached and synchronous, on the baseline model (null without a priced baseline)" },
      { name: "routing_saving_usd", description: "baseline minus the same uncached tokens on the routed models" },
      { name: "batching_saving_usd", description: "what the batch calls saved against the synchronous price" },
      { name: "caching_saving_usd", description: "what prompt caching saved (negative when writes were not read back)" },
      { name: "total_saving_usd", description: "baseline minus actual: the three levers together" },
      { name: "cache_read_share", description: "share of input tokens read from the prompt cache" },
    ],
    toSqlValues: (parameters) => ({
      ...parameters,
      prices: (parameters.prices as ModelPrice[]).map((price) => [
        price.model,
        price.inputPerMillion,
        price.outputPerMillion,
        price.cacheWrite5mPerMillion,
        price.cacheReadPerMillion,
      ]),
      baselines: Object.entries(parameters.baselineModels as Record<string, string>),
    }),
  },
  {
    name: "top-spenders",
    description: "Cost by feature and tenant (from task metadata), all roles, largest first.",
    file: "top-spenders.sql",
    defaultPeriodHours: 7 * 24,
    parameters: [{ name: "limit", description: "number of rows", schema: strictNumber(z.number().int().min(1).max(100_000)), defaultValue: 20 }],
    columns: [
      { name: "feature", description: "metadata.feature ('' when absent)" },
      { name: "tenant", description: "metadata.tenant ('' when absent)" },
      PERIOD_COLUMNS.calls,
      { name: "tokens", description: "all tokens: input, output, cache write and cache read" },
      PERIOD_COLUMNS.cost,
      { name: "cost_share", description: "share of all cost in the period" },
      { name: "task_types", description: "the task types it ran" },
    ],
  },
  {
    name: "shadow",
    description:
      "Per task type and tier pair: shadow samples, agreement with a 95% Wilson interval, the saving per 1,000 tasks and at current volume, and whether to move down.",
    file: "shadow.sql",
    defaultPeriodHours: 14 * 24,
    parameters: [
      { name: "target", description: "the agreement the interval's lower bound must reach to move down", schema: share, defaultValue: 0.95 },
      { name: "minSamples", description: "comparisons needed before moving down", schema: count, defaultValue: 100 },
    ],
    columns: [
      { name: "task_type", description: "the task type" },
      { name: "phase", description: "shadow (before a move) or guard (after one: the tier moved to against the tier left)" },
      { name: "original_tier", description: "the tier that answered" },
      { name: "shadow_tier", description: "the cheaper tier tried (guard: the tier the type left)" },
      { name: "original_models", description: "models of the original answers" },
      { name: "shadow_models", description: "models of the shadow answers" },
      { name: "samples", description: "comparisons where the cheaper tier answered (each once)" },
      { name: "agreements", description: "comparisons with verdict agree" },
      { name: "agreement_rate", description: "agreements / samples" },
      { name: "agreement_lower_95", description: "lower bound of the 95% Wilson interval" },
      { name: "agreement_upper_95", description: "upper bound of the 95% Wilson interval" },
      { name: "shadow_failures", description: "comparisons where the cheaper tier failed: counted apart, not as disagreements" },
      { name: "saving_per_1000_tasks_usd", description: "what 1,000 tasks would save on the cheaper tier" },
      { name: "window_tasks", description: "tasks of this type on the original tier in the period" },
      { name: "projected_saving_usd", description: "the saving at that volume" },
      { name: "recommendation", description: "move down to <tier>, or keep with what is missing; for guard rows: move back, or the guard holds" },
    ],
    finish: (rows, parameters) =>
      rows.map((row) => {
        const samples = Number(row.samples);
        const agreements = Number(row.agreements);
        const phase = String(row.phase ?? "shadow");
        const input = {
          samples,
          agreements,
          shadowTier: String(row.shadow_tier),
          target: parameters.target as number,
          minSamples: parameters.minSamples as number,
          shadowFailures: Number(row.shadow_failures),
        };
        const { interval, recommendation } = phase === "guard" ? recommendGuard(input) : recommendShadowMove(input);
        return {
          task_type: row.task_type,
          phase,
          original_tier: row.original_tier,
          shadow_tier: row.shadow_tier,
          original_models: row.original_models,
          shadow_models: row.shadow_models,
          samples,
          agreements,
          agreement_rate: interval.rate === null ? null : round(interval.rate, 4),
          agreement_lower_95: round(interval.lower, 4),
          agreement_upper_95: round(interval.upper, 4),
          shadow_failures: row.shadow_failures,
          saving_per_1000_tasks_usd: row.saving_per_1000_tasks_usd,
          window_tasks: row.window_tasks,
          projected_saving_usd: row.projected_saving_usd,
          recommendation,
        };
      }),
  },
  {
    name: "policy-history",
    description:
      "The policy changes published on the policy topic in the period, newest first: version, task type, tier, author, reason and the evidence's interval.",
    file: "policy-history.sql",
    defaultPeriodHours: 30 * 24,
    parameters: [historyLimitParameter],
    columns: [
      { name: "changed_at", description: "when the change was made (UTC)" },
      { name: "policy_version", description: "the policy version it set" },
      { name: "task_type", description: "the task type it changed" },
      { name: "tier", description: "the tier it sends the type to ('' : back to the base config)" },
      { name: "moved_from", description: "the tier the type moved down from ('' : no guard)" },
      { name: "pinned", description: "1 when an operator pinned the type" },
      { name: "author", description: "controller or operator:<name>" },
      { name: "change_reason", description: "why" },
      { name: "evidence_phase", description: "shadow or guard pairs it was decided on ('' : none)" },
      { name: "evidence_samples", description: "the pairs it was decided on" },
      { name: "agreement_lower_95", description: "lower bound of their agreement's 95% interval" },
      { name: "agreement_upper_95", description: "upper bound of their agreement's 95% interval" },
    ],
  },
  {
    name: "alerts",
    description: "The alerts published on the alerts topic in the period, newest first: cost anomalies, tier-mix shifts, budget thresholds and policy moves.",
    file: "alerts.sql",
    defaultPeriodHours: 7 * 24,
    parameters: [historyLimitParameter],
    columns: [
      { name: "raised_at", description: "when the alert was raised (UTC)" },
      { name: "kind", description: "cost_anomaly, tier_mix_shift, budget_threshold, budget_exceeded, policy_move_down or policy_rollback" },
      { name: "subject", description: "what it is about (model=…, task_type=…, a budget)" },
      { name: "period", description: "the anomalous hour, or the budget's UTC day or month" },
      { name: "observed", description: "the value seen" },
      { name: "baseline", description: "the value expected" },
      { name: "threshold", description: "the threshold crossed" },
      { name: "alert_message", description: "the alert's text" },
    ],
  },
  LINEUP_SAVINGS_REPORT,
];

/**
 * Adds each tier's share of calls to every row and a final "(all)" row: the
 * overall reduction over the task types that have a priced baseline, with the
 * tier mix over all routed calls.
 */
function finishSavings(rows: ReportRow[]): ReportRow[] {
  const withShares = rows.map((row) => shapeSavingsRow(row));
  const total = {
    calls: 0,
    fast: 0,
    standard: 0,
    powerful: 0,
    actual: 0,
    actualWithBaseline: 0,
    baseline: 0,
    samples: 0,
    agreements: 0,
    evaluation: 0,
    unpriced: 0,
  };
  const models = new Set<string>();
  for (const row of rows) {
    total.calls += Number(row.calls);
    total.fast += Number(row.fast_calls);
    total.standard += Number(row.standard_calls);
    total.powerful += Number(row.powerful_calls);
    total.actual += Number(row.actual_cost_usd);
    total.samples += Number(row.shadow_samples);
    total.agreements += Number(row.shadow_agreements);
    total.evaluation += Number(row.evaluation_cost_usd);
    total.unpriced += Number(row.unpriced_calls);
    for (const model of row.routed_models as string[]) models.add(model);
    if (row.baseline_cost_usd !== null && row.baseline_cost_usd !== undefined) {
      total.actualWithBaseline += Number(row.actual_cost_usd);
      total.baseline += Number(row.baseline_cost_usd);
    }
  }
  if (rows.length === 0) return withShares;
  withShares.push(
    shapeSavingsRow({
      task_type: "(all)",
      baseline_model: "",
      routed_models: [...models].sort(),
      calls: total.calls,
      fast_calls: total.fast,
      standard_calls: total.standard,
      powerful_calls: total.powerful,
      actual_cost_usd: round(total.actual, 6),
      baseline_cost_usd: total.baseline > 0 ? round(total.baseline, 6) : null,
      cost_change_percent: total.baseline > 0 ? round(100 * (total.actualWithBaseline / total.baseline - 1), 1) : null,
      quality_change: total.samples === 0 ? "no data" : `agreement ${round((100 * total.agreements) / total.samples, 1)}% (n=${total.samples})`,
      shadow_samples: total.samples,
      evaluation_cost_usd: round(total.evaluation, 6),
      unpriced_calls: total.unpriced,
    }),
  );
  return withShares;
}

function shapeSavingsRow(row: ReportRow): ReportRow {
  const calls = Number(row.calls);
  const shareOf = (value: unknown) => (calls === 0 ? 0 : round(Number(value) / calls, 4));
  return {
    task_type: row.task_type,
    baseline_model: row.baseline_model,
    routed_models: row.routed_models,
    calls,
    fast_share: shareOf(row.fast_calls),
    standard_share: shareOf(row.standard_calls),
    powerful_share: shareOf(row.powerful_calls),
    actual_cost_usd: row.actual_cost_usd,
    baseline_cost_usd: row.baseline_cost_usd,
    cost_change_percent: row.cost_change_percent,
    quality_change: row.quality_change,
    shadow_samples: row.shadow_samples,
    evaluation_cost_usd: row.evaluation_cost_usd,
    unpriced_calls: row.unpriced_calls,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * The savings query's price tuples, ordered so that the last row matching a
 * call (same model, in force at its time, threshold below its prompt) is the
 * one to use; each model's first day becomes 0 so earlier calls match it.
 */
function toPriceTuples(prices: z.infer<typeof ModelPriceSchema>[]): Array<[string, number, number, number, number, number, number]> {
  const firstDay = new Map<string, string>();
  for (const price of prices) {
    const known = firstDay.get(price.model);
    if (known === undefined || price.effectiveFrom < known) firstDay.set(price.model, price.effectiveFrom);
  }
  return prices
    .map((price): [string, number, number, number, number, number, number] => [
      price.model,
      price.effectiveFrom === firstDay.get(price.model) ? 0 : Date.parse(`${price.effectiveFrom}T00:00:00Z`) / 1000,
      price.abovePromptTokens,
      price.inputPerMillion,
      price.outputPerMillion,
      price.cacheWrite5mPerMillion,
      price.cacheReadPerMillion,
    ])
    .sort((left, right) => (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : left[1] - right[1] || left[2] - right[2]));
}
