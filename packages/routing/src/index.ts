export {
  DEFAULT_TIER_MODELS,
  configuredModelSettings,
  RoutingConfigSchema,
  TaskTypeConfigSchema,
  PriceOverrideSchema,
  RateLimitConfigSchema,
  EvaluatorNameSchema,
  BUILT_IN_TASK_TYPES,
  resolveRoutingConfig,
  withBuiltInTaskTypes,
  shadowTargetTier,
  fallbackChain,
} from "./routing-config";
export type { RoutingConfig, RoutingConfigInput, TaskTypeConfig, PriceOverride, EvaluatorName } from "./routing-config";
export { loadRoutingConfig } from "./load-routing-config";
export { classifyTask } from "./classify-task";
export type { ResolvedDimensions, Classification } from "./classify-task";
export { estimateInputTokens, CHARACTERS_PER_TOKEN } from "./estimate-input-tokens";
export { routeTask, resolveDimensions } from "./route-task";
export type { RoutingDecision } from "./route-task";
export { isSampledForShadow, sampleFraction } from "./sample-for-shadow";
export { PolicySettingsSchema, DEFAULT_POLICY_SETTINGS } from "./policy-settings";
export type { PolicySettings } from "./policy-settings";
export { BASE_POLICY, guardOf, describePolicyEntry } from "./routing-policy";
export type { RoutingPolicy, PolicyEntry, GuardSetting } from "./routing-policy";
export { routeTaskWithPolicy, baseTierOf } from "./route-task-with-policy";
export type { PolicyRoutingDecision } from "./route-task-with-policy";
