export { DEFAULT_PRICE_LIST, MODEL_ALIASES } from "./default-prices";
export { toModelPrice, CACHE_WRITE_5M_MULTIPLIER, CACHE_WRITE_1H_MULTIPLIER, CACHE_READ_MULTIPLIER } from "./model-price";
export type { ModelPrice, PriceOverride, ModelUsage } from "./model-price";
export { resolvePriceKey } from "./resolve-price-key";
export { computeCostUsd } from "./compute-cost";
export { createPricingCatalog } from "./pricing-catalog";
export type { PricingCatalog, PricingCatalogOptions } from "./pricing-catalog";
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
export type { BatchProvider, BatchRequestEntry, BatchStatus, BatchEntryOutcome, BatchResultEntry, BatchProcessingStatus } from "./batch/batch-provider";
export { BATCH_PRICE_FACTOR, computeBatchCost } from "./batch/batch-pricing";
export { createAnthropicBatchProvider } from "./providers/anthropic/anthropic-batch-provider";
export type { AnthropicBatchProviderOptions } from "./providers/anthropic/anthropic-batch-provider";
export { cacheWritesOf } from "./complete-with-fallback";
export { addCacheBreakpoint, minimumCacheableTokens } from "./caching/add-cache-breakpoint";
export type { CacheTtl } from "./caching/add-cache-breakpoint";
