import { TierSchema } from "@switchyard/contracts";
import { z } from "zod";

export const BUDGET_PERIODS = ["day", "month"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const BudgetActionSchema = z.enum(["reject", "downgrade", "defer"], { message: "unknown action: expected reject, downgrade or defer" });
export type BudgetAction = z.infer<typeof BudgetActionSchema>;

const UsdLimitSchema = z
  .number({ message: "expected a number of USD" })
  .refine(Number.isFinite, { message: "expected a finite number of USD" })
  .refine((value) => value >= 0, { message: "expected a limit of at least 0 USD" });

/** USD per UTC day and/or per UTC month. */
const BudgetLimitsSchema = z
  .strictObject(
    { day: UsdLimitSchema.optional(), month: UsdLimitSchema.optional() },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? `unknown period ${issue.keys.map((key) => `"${key}"`).join(", ")}: expected day or month` : undefined,
    },
  )
  .refine((limits) => limits.day !== undefined || limits.month !== undefined, { message: "expected a day and/or month limit" });

const ThresholdSchema = z
  .number({ message: "expected a fraction such as 0.8" })
  .gt(0, { message: "expected a fraction above 0" })
  .lt(1, { message: "expected a fraction below 1 (the limit itself always alerts)" });

const budgetFields = {
  /** USD limits; reaching one (spend >= limit) triggers the action. */
  limits: BudgetLimitsSchema,
  action: BudgetActionSchema.default("reject"),
  /** Fractions of a limit that raise an alert only (the limit itself always alerts). */
  alertAt: z.array(ThresholdSchema).max(10).default([0.8]),
  /** With action downgrade: the tier a task is moved down to (never up). */
  downgradeTo: TierSchema.default("fast"),
};

const NameSchema = z.string().min(1).max(200);

export const BudgetRuleSchema = z
  .strictObject({
    /** How alerts, metrics and the CLI name this budget; by default its scope (tenant=acme,feature=search). */
    id: NameSchema.optional(),
    tenant: NameSchema.optional(),
    feature: NameSchema.optional(),
    ...budgetFields,
  })
  .refine((rule) => rule.tenant !== undefined || rule.feature !== undefined, { message: "a budget needs a tenant, a feature or both" });
export type BudgetRule = z.infer<typeof BudgetRuleSchema>;

export const DefaultBudgetSchema = z.strictObject({ id: NameSchema.optional(), ...budgetFields });

/** The routing config's `budgets` section. */
export const BudgetsConfigSchema = z
  .strictObject({
    rules: z.array(BudgetRuleSchema).max(10_000).default([]),
    /** The budget shared by every task without a tenant; null: such tasks have no budget. */
    defaultBudget: DefaultBudgetSchema.nullable().default(null),
    /** How often each router reads the stored spend (ClickHouse rollup by tenant). */
    refreshIntervalMs: z.number().int().min(100).max(3_600_000).default(5_000),
    /**
     * The longest a usage event may take to reach the store. Until the store has an
     * instance's own call (looked up by event id) the instance adds it to what it read;
     * after this long it assumes the store has it.
     */
    storeLagMs: z.number().int().min(0).max(86_400_000).default(600_000),
    /** How long the deferred lane holds a task before putting it back at the end of the lane. */
    deferHoldMs: z.number().int().min(100).max(3_600_000).default(30_000),
    /** Tasks the deferred lane of one router holds at once. */
    deferMaxInFlight: z.number().int().min(1).max(10_000).default(64),
    /** Distinct tenant and feature label values in metrics; the rest count as "other". */
    metricLabelLimit: z.number().int().min(1).max(10_000).default(100),
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    for (const [index, rule] of config.rules.entries()) {
      const id = budgetRuleId(rule);
      if (seen.has(id)) context.addIssue({ code: "custom", path: ["rules", index], message: `duplicate budget ${id}` });
      seen.add(id);
    }
  });
export type BudgetsConfig = z.infer<typeof BudgetsConfigSchema>;
export type BudgetsConfigInput = z.input<typeof BudgetsConfigSchema>;

export const DEFAULT_BUDGET_ID = "tenant=(none)";

export function budgetRuleId(rule: Pick<BudgetRule, "id" | "tenant" | "feature">): string {
  if (rule.id !== undefined) return rule.id;
  return [rule.tenant === undefined ? null : `tenant=${rule.tenant}`, rule.feature === undefined ? null : `feature=${rule.feature}`]
    .filter((part) => part !== null)
    .join(",");
}
