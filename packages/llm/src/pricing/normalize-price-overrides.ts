import { toModelPrice, type PriceOverride } from "./model-price";
import { SINCE_RELEASE, type PriceBand, type PriceBook, type PriceEntry } from "./price-entry";

/** A dated entry as the routing config writes it: cache rates may be left to the standard multipliers. */
export interface PriceOverrideEntry extends PriceOverride {
  /** Default: since the model's release. */
  effectiveFrom?: string | undefined;
  bands?: ReadonlyArray<PriceOverride & { abovePromptTokens: number }> | undefined;
  batchDiscount?: number | undefined;
  source?: string | undefined;
  checkedOn?: string | undefined;
  note?: string | undefined;
}

/** The routing config's `pricing`: one price (in force since release) or dated entries, by model id. */
export type PriceOverrides = Readonly<Record<string, PriceOverride | PriceOverrideEntry | readonly PriceOverrideEntry[]>>;

/** The overrides as book entries, oldest first (validation then finds duplicates and bad values). */
export function normalizePriceOverrides(overrides: PriceOverrides): PriceBook {
  const book: Record<string, PriceEntry[]> = {};
  for (const [model, value] of Object.entries(overrides)) {
    const entries = (Array.isArray(value) ? value : [value]) as PriceOverrideEntry[];
    book[model] = entries.map(toPriceEntry).sort((left, right) => left.effectiveFrom.localeCompare(right.effectiveFrom));
  }
  return book;
}

function toPriceEntry(override: PriceOverrideEntry): PriceEntry {
  const { effectiveFrom, bands, batchDiscount, source, checkedOn, note, ...rates } = override;
  const entry: PriceEntry = { ...rates, ...toModelPrice(rates), effectiveFrom: effectiveFrom ?? SINCE_RELEASE };
  if (bands !== undefined) entry.bands = bands.map(toBand);
  if (batchDiscount !== undefined) entry.batchDiscount = batchDiscount;
  if (source !== undefined) entry.source = source;
  if (checkedOn !== undefined) entry.checkedOn = checkedOn;
  if (note !== undefined) entry.note = note;
  return entry;
}

function toBand(band: PriceOverride & { abovePromptTokens: number }): PriceBand {
  const { abovePromptTokens, ...rates } = band;
  return { ...rates, ...toModelPrice(rates), abovePromptTokens };
}
