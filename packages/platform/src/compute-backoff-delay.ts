export interface BackoffOptions {
  /** The first ceiling; it doubles with every further attempt. */
  initialDelayMs: number;
  /** The largest ceiling. */
  maxDelayMs: number;
  /**
   * How the delay is drawn below its ceiling: "equal" (default) from its upper
   * half, so retries of many messages spread out yet never come back at once;
   * "full" from all of it, which spreads callers of a shared, rate-limited API
   * the most.
   */
  jitter?: "equal" | "full";
}

/**
 * The one exponential backoff: the delay before attempt `attempt` + 1 (1 for
 * the first retry), with a ceiling of initialDelayMs × 2^(attempt-1) capped at
 * maxDelayMs, drawn with jitter below it.
 */
export function computeBackoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const draw = options.jitter === "full" ? random() * ceiling : ceiling / 2 + (random() * ceiling) / 2;
  return Math.floor(draw);
}
