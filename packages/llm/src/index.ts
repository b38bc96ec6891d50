export { ANTHROPIC_PRICE_BOOK, ANTHROPIC_MODEL_ALIASES, ANTHROPIC_PRICING_PAGE } from "./providers/anthropic/anthropic-price-book";
export { toModelPrice, CACHE_WRITE_5M_MULTIPLIER, CACHE_WRITE_1H_MULTIPLIER, CACHE_READ_MULTIPLIER } from "./pricing/model-price";
export type { ModelPrice, PriceOverride, ModelUsage } from "./pricing/model-price";
export { SINCE_RELEASE } from "./pricing/price-entry";
export type { PriceBand, PriceBook, PriceEntry } from "./pricing/price-entry";
export type { PriceOverrideEntry, PriceOverrides } from "./pricing/normalize-price-overrides";
export { selectPriceEntry, selectRates, countPromptTokens } from "./pricing/select-price";
export { validatePriceBook } from "./pricing/validate-price-book";
export { resolvePriceKey } from "./pricing/resolve-price-key";
export { computeCostUsd } from "./pricing/compute-cost";
export { createPricingCatalog } from "./pricing/pricing-catalog";
export type { PricingCatalog, PricingCatalogOptions } from "./pricing/pricing-catalog";
export type { ModelRequest, ModelResponse, ModelProvider, CompleteOptions, RateLimitSnapshot, RateLimitWindow } from "./model-provider";
export {
  createAnthropicProvider,
  DEFAULT_ANTHROPIC_BASE_URL,
  TASK_TYPE_HEADER,
  mapProviderError,
  isSpendLimitError,
  parseRetryAfterMs,
  readRateLimitHeaders,
  AnthropicEnvironmentSchema,
  resolveModelEndpoint,
  warnAboutModelEndpoint,
} from "./providers/anthropic";
export type { AnthropicProviderOptions, ProviderErrorFacts, AnthropicEnvironment, ModelEndpoint } from "./providers/anthropic";
export { ModelCallError } from "./model-call-error";
export type { ModelCallErrorCode } from "./model-call-error";
export { createProviderRegistry, createTierProvider, DEFAULT_PROVIDER_NAME } from "./providers/provider-registry";
export type { ProviderRegistry, TierProviderConfig } from "./providers/provider-registry";
export { DEFAULT_RETRY_POLICY, computeRetryDelayMs } from "./calls/retry-policy";
export type { RetryPolicy } from "./calls/retry-policy";
export { completeWithRetries } from "./calls/complete-with-retries";
export type { CompleteWithRetriesOptions, CallOutcome } from "./calls/complete-with-retries";
export { completeWithFallback } from "./calls/complete-with-fallback";
export type { AttemptRecord, FallbackLink, FallbackOutcome, CompleteWithFallbackOptions } from "./calls/complete-with-fallback";
export {
  createStructuredOutputValidator,
  buildStructuredOutputInstruction,
  STRUCTURED_OUTPUT_INSTRUCTION,
  OUTPUT_SCHEMA_INTRODUCTION,
} from "./requests/structured-output";
export type { OutputValidation, OutputValidator } from "./requests/structured-output";
export {
  compileOutputSchema,
  outputSchemaCacheStats,
  configureOutputSchemaCache,
  DEFAULT_OUTPUT_SCHEMA_CACHE_LIMITS,
} from "./output-schema/compile-output-schema";
export type { CompiledOutputSchema, OutputSchemaCacheLimits } from "./output-schema/compile-output-schema";
export { checkOutputSchemaLimits, DEFAULT_OUTPUT_SCHEMA_LIMITS } from "./output-schema/check-output-schema-limits";
export type { OutputSchemaLimits } from "./output-schema/check-output-schema-limits";
export { linearRegExp, MAX_PATTERN_CHARS } from "./output-schema/linear-regexp";
export { toResultErrorType } from "./calls/to-result-error-type";
export { createRateLimiter } from "./rate-limits/rate-limiter";
export type { RateLimiter, RateLimiterOptions, RateLimitBudget, RateLimitReport } from "./rate-limits/rate-limiter";
export { estimateRequestTokens } from "./requests/estimate-request-tokens";
export { createModelMetrics } from "./calls/model-metrics";
export type { ModelMetrics } from "./calls/model-metrics";
export { buildTaskRequest } from "./requests/build-task-request";
export { mapAttemptToUsageEvent } from "./calls/map-attempt-to-usage-event";
export { sumAttemptUsage, sumAttemptCost } from "./calls/sum-attempts";
export type { BatchProvider, BatchRequestEntry, BatchStatus, BatchEntryOutcome, BatchResultEntry, BatchProcessingStatus } from "./batch/batch-provider";
export { computeBatchCost } from "./batch/batch-pricing";
export { createAnthropicBatchProvider } from "./providers/anthropic/anthropic-batch-provider";
export type { AnthropicBatchProviderOptions } from "./providers/anthropic/anthropic-batch-provider";
export { cacheWritesOf } from "./calls/complete-with-fallback";
export { addCacheBreakpoint, minimumCacheableTokens } from "./caching/add-cache-breakpoint";
export type { CacheTtl } from "./caching/add-cache-breakpoint";
export type { EndOfLife, LifecycleTable, LifecycleStatus, ModelLifecycle } from "./lifecycle/model-lifecycle";
export { assessModelLifecycle } from "./lifecycle/assess-model-lifecycle";
export { checkConfiguredModels } from "./lifecycle/check-configured-models";
export type { CheckConfiguredModelsOptions } from "./lifecycle/check-configured-models";
export { ANTHROPIC_END_OF_LIFE, anthropicLifecycleTable } from "./providers/anthropic/anthropic-model-lifecycle";
export { readSdkDeprecations, parseSdkDeprecations } from "./providers/anthropic/read-sdk-deprecations";
