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
export { createAnthropicProvider, DEFAULT_ANTHROPIC_BASE_URL, TASK_TYPE_HEADER } from "./anthropic-provider";
export type { AnthropicProviderOptions } from "./anthropic-provider";
export { mapProviderError } from "./map-provider-error";
export { isSpendLimitError } from "./is-spend-limit-error";
export type { ProviderErrorFacts } from "./is-spend-limit-error";
export { parseRetryAfterMs } from "./parse-retry-after";
export { readRateLimitHeaders } from "./read-rate-limit-headers";
export { DEFAULT_RETRY_POLICY, computeRetryDelayMs } from "./retry-policy";
export type { RetryPolicy } from "./retry-policy";
export { completeWithRetries } from "./complete-with-retries";
export type { CompleteWithRetriesOptions, CallOutcome } from "./complete-with-retries";
export { completeWithFallback } from "./complete-with-fallback";
export type { AttemptRecord, FallbackLink, FallbackOutcome, CompleteWithFallbackOptions } from "./complete-with-fallback";
export {
  createStructuredOutputValidator,
  buildStructuredOutputInstruction,
  STRUCTURED_OUTPUT_INSTRUCTION,
  OUTPUT_SCHEMA_INTRODUCTION,
} from "./structured-output";
export type { OutputValidation, OutputValidator } from "./structured-output";
export { toResultErrorType } from "./to-result-error-type";
export { createRateLimiter } from "./rate-limiter";
export type { RateLimiter, RateLimiterOptions, RateLimitBudget, RateLimitReport } from "./rate-limiter";
export { estimateRequestTokens } from "./estimate-request-tokens";
export { createModelMetrics } from "./model-metrics";
export type { ModelMetrics } from "./model-metrics";
export { buildTaskRequest } from "./build-task-request";
export { mapAttemptToUsageEvent } from "./map-attempt-to-usage-event";
export { sumAttemptUsage, sumAttemptCost } from "./sum-attempts";
export type { EndOfLife, LifecycleTable, LifecycleStatus, ModelLifecycle } from "./lifecycle/model-lifecycle";
export { assessModelLifecycle } from "./lifecycle/assess-model-lifecycle";
export { checkConfiguredModels } from "./lifecycle/check-configured-models";
export type { CheckConfiguredModelsOptions } from "./lifecycle/check-configured-models";
export { ANTHROPIC_END_OF_LIFE, anthropicLifecycleTable } from "./providers/anthropic/anthropic-model-lifecycle";
export { readSdkDeprecations, parseSdkDeprecations } from "./providers/anthropic/read-sdk-deprecations";
