import type { TokenUsage } from "@switchyard/contracts";

/** USD per million tokens for one model: the rates one request is priced at. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Writes to the 5-minute prompt cache (the default TTL). */
  cacheWrite5mPerMillion: number;
  /** Writes to the 1-hour prompt cache. */
  cacheWrite1hPerMillion: number;
  cacheReadPerMillion: number;
}

/**
 * A price from configuration: input and output are required; cache prices
 * not given follow Anthropic's standard multipliers (1.25×, 2× and 0.1×
 * input). The shipped price book states every rate explicitly.
 */
export interface PriceOverride {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheWrite5mPerMillion?: number | undefined;
  cacheWrite1hPerMillion?: number | undefined;
  cacheReadPerMillion?: number | undefined;
}

/**
 * Token counts of one call as the API reports them. The 5-minute / 1-hour
 * split of cache writes is optional: without it every cache write is priced
 * at the 5-minute rate (the API's default TTL).
 */
export type ModelUsage = TokenUsage & {
  cacheCreation5mInputTokens?: number;
  cacheCreation1hInputTokens?: number;
};

export const CACHE_WRITE_5M_MULTIPLIER = 1.25;
export const CACHE_WRITE_1H_MULTIPLIER = 2;
export const CACHE_READ_MULTIPLIER = 0.1;

/** A full price from an override, filling missing cache prices from the standard multipliers. */
export function toModelPrice(override: PriceOverride): ModelPrice {
  return {
    inputPerMillion: override.inputPerMillion,
    outputPerMillion: override.outputPerMillion,
    cacheWrite5mPerMillion: override.cacheWrite5mPerMillion ?? derive(override.inputPerMillion, CACHE_WRITE_5M_MULTIPLIER),
    cacheWrite1hPerMillion: override.cacheWrite1hPerMillion ?? derive(override.inputPerMillion, CACHE_WRITE_1H_MULTIPLIER),
    cacheReadPerMillion: override.cacheReadPerMillion ?? derive(override.inputPerMillion, CACHE_READ_MULTIPLIER),
  };
}

// 0.8 × 0.1 is 0.08000000000000002 in binary floating point; a price per
// million has no meaningful digits past the sixth decimal.
function derive(inputPerMillion: number, multiplier: number): number {
  return Math.round(inputPerMillion * multiplier * 1e6) / 1e6;
}
