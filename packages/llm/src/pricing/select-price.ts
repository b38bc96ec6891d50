import type { ModelPrice, ModelUsage } from "./model-price";
import type { PriceEntry } from "./price-entry";

/**
 * The entry in force at `at`: the one with the latest `effectiveFrom` on or
 * before it. A call before a model's first entry is priced with the first
 * (entries are sorted by ascending effectiveFrom).
 */
export function selectPriceEntry(entries: readonly PriceEntry[], at: Date): PriceEntry | null {
  const day = at.toISOString().slice(0, 10);
  let selected: PriceEntry | null = entries[0] ?? null;
  for (const entry of entries) if (entry.effectiveFrom <= day) selected = entry;
  return selected;
}

/** Prompt tokens as the long-context bands count them: input, cache writes and cache reads. */
export function countPromptTokens(usage: ModelUsage): number {
  return usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens;
}

/** The rates one request is priced at: the highest band whose threshold its prompt exceeds, else the entry's own. */
export function selectRates(entry: PriceEntry, promptTokens: number): ModelPrice {
  let rates: ModelPrice = entry;
  for (const band of entry.bands ?? []) if (promptTokens > band.abovePromptTokens) rates = band;
  return {
    inputPerMillion: rates.inputPerMillion,
    outputPerMillion: rates.outputPerMillion,
    cacheWrite5mPerMillion: rates.cacheWrite5mPerMillion,
    cacheWrite1hPerMillion: rates.cacheWrite1hPerMillion,
    cacheReadPerMillion: rates.cacheReadPerMillion,
  };
}
