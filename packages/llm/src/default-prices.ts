import { toModelPrice, type ModelPrice } from "./model-price";

/**
 * Anthropic's published list prices, USD per million tokens, as data. Update
 * `takenOn` with the prices. Model ids are the undated aliases; dated ids
 * resolve to them (see resolve-price-key.ts).
 */
export const DEFAULT_PRICE_LIST: { takenOn: string; source: string; models: Readonly<Record<string, ModelPrice>> } = {
  takenOn: "2026-11-28",
  source: "https://platform.claude.com/docs/en/about-claude/pricing",
  models: {
    // The 2024 family (the article's models).
    "claude-3-haiku": price(0.25, 1.25, { cacheWrite5m: 0.3, cacheWrite1h: 0.5, cacheRead: 0.03 }),
    "claude-3-5-haiku": price(0.8, 4),
    "claude-3-5-sonnet": price(3, 15),
    "claude-3-7-sonnet": price(3, 15),
    "claude-3-opus": price(15, 75),
    // The 4.x family.
    "claude-haiku-4-5": price(1, 5),
    "claude-sonnet-4": price(3, 15),
    "claude-sonnet-4-5": price(3, 15),
    "claude-sonnet-4-6": price(3, 15),
    "claude-opus-4": price(15, 75),
    "claude-opus-4-1": price(15, 75),
    "claude-opus-4-5": price(5, 25),
    "claude-opus-4-6": price(5, 25),
  },
};

/**
 * Ids that are neither a catalog key nor a dated form of one. Anthropic
 * published "-0" aliases for the first 4.x models.
 */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  "claude-sonnet-4-0": "claude-sonnet-4",
  "claude-opus-4-0": "claude-opus-4",
};

// Cache prices follow Anthropic's standard multipliers (see toModelPrice);
// Claude 3 Haiku is the one model whose published cache prices differ.
function price(
  inputPerMillion: number,
  outputPerMillion: number,
  cache?: { cacheWrite5m: number; cacheWrite1h: number; cacheRead: number },
): ModelPrice {
  return toModelPrice({
    inputPerMillion,
    outputPerMillion,
    cacheWrite5mPerMillion: cache?.cacheWrite5m,
    cacheWrite1hPerMillion: cache?.cacheWrite1h,
    cacheReadPerMillion: cache?.cacheRead,
  });
}
