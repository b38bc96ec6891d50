import type { TokenUsage } from "@switchyard/contracts";
import type { AttemptRecord } from "./complete-with-fallback";

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

/** Token totals over attempts: failed attempts are paid for too. */
export function sumAttemptUsage(attempts: readonly AttemptRecord[]): TokenUsage {
  return attempts.reduce<TokenUsage>(
    (total, attempt) => ({
      inputTokens: total.inputTokens + attempt.usage.inputTokens,
      outputTokens: total.outputTokens + attempt.usage.outputTokens,
      cacheCreationInputTokens: total.cacheCreationInputTokens + attempt.usage.cacheCreationInputTokens,
      cacheReadInputTokens: total.cacheReadInputTokens + attempt.usage.cacheReadInputTokens,
    }),
    NO_USAGE,
  );
}

/** Cost over attempts; null as soon as one has no price (never a partial sum), 0 for none. */
export function sumAttemptCost(attempts: readonly AttemptRecord[]): number | null {
  let total = 0;
  for (const attempt of attempts) {
    if (attempt.costUsd === null) return null;
    total += attempt.costUsd;
  }
  return total;
}
