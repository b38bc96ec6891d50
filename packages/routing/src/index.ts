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
