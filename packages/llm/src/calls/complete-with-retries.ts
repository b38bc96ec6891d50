import { sleep as defaultSleep } from "@switchyard/platform";
import { ModelCallError } from "../model-call-error";
import { abandonedError } from "./abandon";
import { estimateRequestTokens } from "../requests/estimate-request-tokens";
import type { ModelProvider, ModelRequest, ModelResponse } from "../model-provider";
import type { RateLimiter } from "../rate-limits/rate-limiter";
import { computeRetryDelayMs, type RetryPolicy } from "./retry-policy";

/** One real call made by completeWithRetries, successful or not. */
export interface CallOutcome {
  /** 1-based, within this completeWithRetries call. */
  attempt: number;
  model: string;
  startedAt: Date;
  latencyMs: number;
  /** The answer, also when acceptResponse rejected it (its tokens were billed). */
  response: ModelResponse | null;
  error: ModelCallError | null;
  /**
   * True when the signal aborted while the call was in flight: its answer was
   * given up on, but the provider may still bill it.
   */
  abandoned?: boolean;
}

export interface CompleteWithRetriesOptions {
  provider: ModelProvider;
  request: ModelRequest;
  policy: RetryPolicy;
  /** Per-attempt timeout; default policy.attemptTimeoutMs. */
  timeoutMs?: number;
  signal?: AbortSignal;
  rateLimiter?: RateLimiter;
  /**
   * Judges an answer: an error makes the call a failed attempt (retried
   * only if the error is retryable). Used for output validation.
   */
  acceptResponse?: (response: ModelResponse) => ModelCallError | null;
  /** Called once per real call, right after it settles. */
  onCall?: (outcome: CallOutcome) => void;
  /** Test seams. */
  random?: () => number;
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/**
 * The one retry loop: calls the model up to policy.maxAttempts times,
 * retrying only errors marked retryable (408/409/429/5xx/529, connection
 * errors, timeouts) after computeRetryDelayMs. Resolves with the accepted
 * answer; rejects with the last ModelCallError, or with a retryable
 * shutting_down SwitchyardError when the signal aborts (a call in flight at
 * that moment is still reported to onCall, as abandoned).
 */
export async function completeWithRetries(options: CompleteWithRetriesOptions): Promise<ModelResponse> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const { request, policy, signal } = options;
  const timeoutMs = options.timeoutMs ?? policy.attemptTimeoutMs;
  const estimatedTokens = estimateRequestTokens(request);

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abandonedError(signal);
    if (options.rateLimiter) await waitFor(options.rateLimiter.acquire(request.model, estimatedTokens, signal), signal);
    const startedAt = now();
    let response: ModelResponse | null = null;
    let error: ModelCallError | null = null;
    try {
      response = await options.provider.complete(request, { timeoutMs, ...(signal ? { signal } : {}) });
      error = options.acceptResponse?.(response) ?? null;
    } catch (thrown) {
      if (signal?.aborted) {
        options.onCall?.({
          attempt,
          model: request.model,
          startedAt: new Date(startedAt),
          latencyMs: now() - startedAt,
          response: null,
          error: null,
          abandoned: true,
        });
        throw abandonedError(signal);
      }
      error = toModelCallError(thrown, request.model);
    }
    options.rateLimiter?.settle(request.model, {
      estimatedTokens,
      usedTokens: response ? response.usage.inputTokens + response.usage.cacheCreationInputTokens + response.usage.outputTokens : 0,
      rateLimit: response?.rateLimit,
      retryAfterMs: error?.code === "model_rate_limited" ? error.retryAfterMs : undefined,
    });
    options.onCall?.({ attempt, model: request.model, startedAt: new Date(startedAt), latencyMs: now() - startedAt, response, error });
    if (!error && response) return response;
    if (!error) throw new ModelCallError("model_error", `${request.model}: the provider returned nothing`);
    if (!error.retryable || attempt >= policy.maxAttempts) throw error;
    await waitFor(sleep(computeRetryDelayMs(policy, attempt, error, options.random), signal), signal);
  }
}

function toModelCallError(thrown: unknown, model: string): ModelCallError {
  if (thrown instanceof ModelCallError) return thrown;
  return new ModelCallError("model_error", `${model}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { cause: thrown });
}

async function waitFor(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (signal?.aborted) throw abandonedError(signal);
    throw error;
  }
}
