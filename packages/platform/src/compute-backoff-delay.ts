export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with jitter: attempt 1 waits about initialDelayMs, each
 * further attempt doubles it up to maxDelayMs; the delay is drawn from the
 * upper half of that ceiling so retries of many messages spread out but never
 * come back at once.
 */
export function computeBackoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
