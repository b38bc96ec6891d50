export { createAnthropicProvider, DEFAULT_ANTHROPIC_BASE_URL, TASK_TYPE_HEADER } from "./anthropic-provider";
export type { AnthropicProviderOptions } from "./anthropic-provider";
export { mapProviderError } from "./map-provider-error";
export { isSpendLimitError } from "./is-spend-limit-error";
export type { ProviderErrorFacts } from "./is-spend-limit-error";
export { parseRetryAfterMs } from "./parse-retry-after";
export { readRateLimitHeaders } from "./read-rate-limit-headers";
