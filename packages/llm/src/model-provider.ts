import type { ContentBlock, Message } from "@switchyard/contracts";
import type { ModelUsage } from "./pricing/model-price";

export interface ModelRequest {
  model: string;
  system?: string | ContentBlock[];
  messages: Message[];
  maxTokens: number;
  temperature?: number;
  /**
   * The task type, for providers that can use it (the Anthropic provider
   * sends it percent-encoded as a header for the model simulator's quality model).
   */
  taskType?: string;
}

/** One rate-limit window the provider reported; each part is null when the provider did not say. */
export interface RateLimitWindow {
  limit: number | null;
  remaining: number | null;
  resetAt: Date | null;
}

/** What the provider said about our rate limits on its last response. */
export interface RateLimitSnapshot {
  requests: RateLimitWindow | null;
  tokens: RateLimitWindow | null;
  inputTokens: RateLimitWindow | null;
  outputTokens: RateLimitWindow | null;
}

export interface ModelResponse {
  text: string;
  usage: ModelUsage;
  /** The model id the provider answered with. */
  model: string;
  stopReason: string | null;
  requestId: string | null;
  rateLimit: RateLimitSnapshot | null;
}

export interface CompleteOptions {
  /** Per-attempt timeout: the call fails with model_timeout after this long. */
  timeoutMs: number;
  /** Abandons the call (shutdown); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * One model call, no retries. Rejects with a ModelCallError (from
 * @switchyard/platform) carrying a stable code and `retryable`, or with the
 * signal's reason when the caller aborted.
 */
export interface ModelProvider {
  complete(request: ModelRequest, options: CompleteOptions): Promise<ModelResponse>;
}
