export {
  DEFAULT_TIER_MODELS,
  configuredModelSettings,
  RoutingConfigSchema,
  TaskTypeConfigSchema,
  PriceOverrideSchema,
  RateLimitConfigSchema,
  EvaluatorNameSchema,
  BatchConfigSchema,
  CachingConfigSchema,
  BUILT_IN_TASK_TYPES,
  resolveRoutingConfig,
  withBuiltInTaskTypes,
  shadowTargetTier,
  fallbackChain,
} from "./routing-config";
export type { RoutingConfig, RoutingConfigInput, TaskTypeConfig, PriceOverride, EvaluatorName, BatchConfig, CachingConfig } from "./routing-config";
export { chooseLane } from "./choose-lane";
export type { Lane, LaneDecision } from "./choose-lane";
export { loadRoutingConfig } from "./load-routing-config";
export { classifyTask } from "./classify-task";
export type { ResolvedDimensions, Classification } from "./classify-task";
export { estimateInputTokens, CHARACTERS_PER_TOKEN } from "./estimate-input-tokens";
export { routeTask, resolveDimensions } from "./route-task";
export type { RoutingDecision } from "./route-task";
export { isSampledForShadow, sampleFraction } from "./sample-for-shadow";
export { BudgetsConfigSchema, BudgetRuleSchema, BudgetActionSchema, BUDGET_PERIODS, DEFAULT_BUDGET_ID, budgetRuleId } from "./budgets/budget-config";
export type { BudgetsConfig, BudgetsConfigInput, BudgetRule, BudgetAction, BudgetPeriod } from "./budgets/budget-config";
export { listBudgets, budgetCovers, scopeOf } from "./budgets/budget";
export type { Budget, SpendScope } from "./budgets/budget";
export { periodKey, periodStart, periodEnd } from "./budgets/budget-periods";
export { budgetState, buildBudgetStatus, limitedPeriods, summarizeBudgets } from "./budgets/budget-status";
export type { BudgetStatus, BudgetState } from "./budgets/budget-status";
export { SpendTracker, buildBudgetAlert } from "./budgets/spend-tracker";
export type {
  SpendTrackerOptions,
  StoredSpendRow,
  StoredSpend,
  StoredSpendQuery,
  SpendRecord,
  ReadStoredSpend,
  ExceededBudget,
  Reservation,
} from "./budgets/spend-tracker";
export { PolicySettingsSchema, DEFAULT_POLICY_SETTINGS } from "./policy-settings";
export type { PolicySettings } from "./policy-settings";
export { BASE_POLICY, guardOf, describePolicyEntry } from "./routing-policy";
export type { RoutingPolicy, PolicyEntry, GuardSetting } from "./routing-policy";
export { routeTaskWithPolicy, baseTierOf } from "./route-task-with-policy";
export type { PolicyRoutingDecision } from "./route-task-with-policy";
