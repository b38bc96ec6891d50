import type { ModelPrice } from "../../pricing/model-price";
import { SINCE_RELEASE, type PriceBand, type PriceBook, type PriceEntry } from "../../pricing/price-entry";

/**
 * Anthropic's published list prices, USD per million tokens, as dated data.
 * Model ids are the undated aliases; dated ids (claude-3-5-sonnet-20241022)
 * resolve to them. To update: read the pages below, add an entry with the
 * day the new price takes effect (never edit an old one: calls before that
 * day keep their price), and set `checkedOn` to the day you read the page.
 */
export const ANTHROPIC_PRICING_PAGE = "https://platform.claude.com/docs/en/about-claude/pricing";
const OVERVIEW = (slug: string) => `https://platform.claude.com/docs/en/models/${slug}/overview`;
const CHECKED_ON = "2026-11-30";
/** The Message Batches API: 50% off input and output (pricing page, "Batch processing"). */
const BATCH_DISCOUNT = 0.5;

export const ANTHROPIC_PRICE_BOOK: PriceBook = {
  // The 2024 family (the article's models).
  "claude-3-haiku": [launch(rates(0.25, 1.25, 0.3, 0.5, 0.03))],
  "claude-3-5-haiku": [launch(rates(0.8, 4, 1, 1.6, 0.08))],
  "claude-3-5-sonnet": [launch(rates(3, 15, 3.75, 6, 0.3))],
  "claude-3-7-sonnet": [launch(rates(3, 15, 3.75, 6, 0.3))],
  "claude-3-opus": [launch(rates(15, 75, 18.75, 30, 1.5))],
  // The 4.x family.
  "claude-haiku-4-5": [launch(rates(1, 5, 1.25, 2, 0.1))],
  "claude-sonnet-4": [launch(rates(3, 15, 3.75, 6, 0.3))],
  "claude-sonnet-4-5": [launch(rates(3, 15, 3.75, 6, 0.3))],
  "claude-sonnet-4-6": [launch(rates(3, 15, 3.75, 6, 0.3))],
  "claude-opus-4": [launch(rates(15, 75, 18.75, 30, 1.5))],
  "claude-opus-4-1": [launch(rates(15, 75, 18.75, 30, 1.5))],
  "claude-opus-4-5": [launch(rates(5, 25, 6.25, 10, 0.5))],
  "claude-opus-4-6": [launch(rates(5, 25, 6.25, 10, 0.5))],
  "claude-opus-4-7": [launch(rates(5, 25, 6.25, 10, 0.5))],
  "claude-opus-4-8": [launch(rates(5, 25, 6.25, 10, 0.5))],
  // The 5.x family.
  "claude-opus-5": [launch(rates(5, 25, 6.25, 10, 0.5), OVERVIEW("opus-5"))],
  "claude-sonnet-5": [launch(rates(2, 10, 2.5, 4, 0.2), OVERVIEW("sonnet-5"))],
  "claude-fable-5": [launch(rates(10, 50, 12.5, 20, 1))],
  "claude-mythos-5": [launch(rates(10, 50, 12.5, 20, 1))],
  "claude-fable-5-1": [launch(rates(10, 50, 12.5, 20, 0.25))],
  "claude-mythos-5-1": [launch(rates(10, 50, 12.5, 20, 0.25))],
  // Today's default lineup (Haiku, Sonnet and Opus 5.5).
  "claude-haiku-5-5": [
    {
      ...launch(rates(0.1, 0.5, 0.125, 0.2, 0.01), OVERVIEW("haiku-5-5")),
      bands: [band(100_000, rates(0.5, 2.5, 0.625, 1, 0.05))],
      note:
        "Released 2026-10-07. The overview page shows input, output and 5-minute cache writes in both bands and 1-hour writes up to 100k; " +
        "the 1-hour write above 100k ($1) and the cache reads ($0.01 / $0.05) were read from the pricing table as quoted by several independent price lists.",
    },
  ],
  "claude-sonnet-5-5": [
    launch(rates(2, 10, 2.5, 4, 0.2), OVERVIEW("sonnet-5-5")),
    {
      ...rates(2, 10, 2.5, 4, 0.1),
      effectiveFrom: "2026-10-07",
      batchDiscount: BATCH_DISCOUNT,
      source: ANTHROPIC_PRICING_PAGE,
      checkedOn: CHECKED_ON,
      note: "Cache reads cut from $0.20 to $0.10 (0.05x input) on 2026-10-07; other rates unchanged.",
    },
  ],
  "claude-opus-5-5": [launch(rates(4, 20, 5, 8, 0.2), OVERVIEW("opus-5-5"))],
};

/**
 * Ids that are neither a book key nor a dated form of one. Anthropic
 * published "-0" aliases for the first 4.x models.
 */
export const ANTHROPIC_MODEL_ALIASES: Readonly<Record<string, string>> = {
  "claude-sonnet-4-0": "claude-sonnet-4",
  "claude-opus-4-0": "claude-opus-4",
};

function rates(input: number, output: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number): ModelPrice {
  return {
    inputPerMillion: input,
    outputPerMillion: output,
    cacheWrite5mPerMillion: cacheWrite5m,
    cacheWrite1hPerMillion: cacheWrite1h,
    cacheReadPerMillion: cacheRead,
  };
}

function band(abovePromptTokens: number, bandRates: ModelPrice): PriceBand {
  return { abovePromptTokens, ...bandRates };
}

// A launch price that has not changed since: in force from the model's release.
function launch(launchRates: ModelPrice, source = ANTHROPIC_PRICING_PAGE): PriceEntry {
  return { ...launchRates, effectiveFrom: SINCE_RELEASE, batchDiscount: BATCH_DISCOUNT, source, checkedOn: CHECKED_ON };
}
