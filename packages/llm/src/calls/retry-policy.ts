import { computeBackoffDelay } from "@switchyard/platform";

export interface RetryPolicy {
  /** Attempts per model (per link of a fallback chain), the first included. */
  maxAttempts: number;
  /** The first backoff ceiling; it doubles with every retry. */
  baseDelayMs: number;
  /** The largest backoff ceiling. */
  maxDelayMs: number;
  /** A retry-after longer than this is cut to this. */
  maxRetryAfterMs: number;
  /** Per-attempt timeout, used when the caller passes no timeoutMs. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  attemptTimeoutMs: 120_000,
};

/**
 * How long to wait before retry number `retry` (1 for the first retry) after
 * `error`: exponential backoff with full jitter (a uniform draw below
 * min(maxDelayMs, baseDelayMs × 2^(retry-1))), and never sooner than the
 * provider's retry-after, itself capped at maxRetryAfterMs.
 */
export function computeRetryDelayMs(
  policy: RetryPolicy,
  retry: number,
  error: { retryAfterMs?: number | undefined },
  random: () => number = Math.random,
): number {
  const backoff = computeBackoffDelay(retry, { initialDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs, jitter: "full" }, random);
  if (error.retryAfterMs === undefined) return backoff;
  return Math.max(backoff, Math.min(error.retryAfterMs, policy.maxRetryAfterMs));
}
