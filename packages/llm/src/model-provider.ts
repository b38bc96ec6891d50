import type { ContentBlock, Message } from "@switchyard/contracts";
import type { ModelUsage } from "./model-price";

export interface ModelRequest {
  model: string;
  system?: string | ContentBlock[];
  messages: Message[];
  maxTokens: number;
  temperature?: number;
  /**
   * Sent percent-encoded as the header x-switchyard-task-type, so that the model simulator's
   * quality model can use it; the real API ignores it.
   */
  taskType?: string;
}

/** One limit of the `anthropic-ratelimit-*` headers; each part is null when the header was absent. */
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
  /** The model id the API answered with. */
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
