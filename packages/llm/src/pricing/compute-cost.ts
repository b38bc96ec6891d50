import type { ModelPrice, ModelUsage } from "./model-price";

const PER_MILLION = 1_000_000;

/**
 * The USD cost of one call: input × in + output × out + cache writes × write
 * price + cache reads × read price, all per million tokens. Cache writes with
 * a 1-hour TTL are priced at the 1-hour rate when the usage says how many
 * there were; every other cache write at the 5-minute rate.
 */
export function computeCostUsd(usage: ModelUsage, price: ModelPrice): number {
  const writes1h = Math.min(usage.cacheCreation1hInputTokens ?? 0, usage.cacheCreationInputTokens);
  const writes5m = usage.cacheCreationInputTokens - writes1h;
  const microDollars =
    usage.inputTokens * price.inputPerMillion +
    usage.outputTokens * price.outputPerMillion +
    writes5m * price.cacheWrite5mPerMillion +
    writes1h * price.cacheWrite1hPerMillion +
    usage.cacheReadInputTokens * price.cacheReadPerMillion;
  return microDollars / PER_MILLION;
}
