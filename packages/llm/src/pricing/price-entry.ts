import type { ModelPrice } from "./model-price";

/**
 * Above `abovePromptTokens` prompt tokens (input + cache writes + cache
 * reads), every token of that request, output included, is priced at the
 * band's rates.
 */
export interface PriceBand extends ModelPrice {
  abovePromptTokens: number;
}

/** One dated price of one model: in force from `effectiveFrom` until the model's next entry. */
export interface PriceEntry extends ModelPrice {
  /** YYYY-MM-DD (UTC). Calls at or after this day use this entry. */
  effectiveFrom: string;
  /** Long-context bands, by ascending threshold. */
  bands?: readonly PriceBand[];
  /** Share taken off on the provider's batch lane (0.5 = 50% off), when it has one. */
  batchDiscount?: number;
  /** The provider's page the rates were read from. */
  source?: string;
  /** YYYY-MM-DD: the day someone checked the rates against the source. */
  checkedOn?: string;
  /** What the source did and did not show, briefly. */
  note?: string;
}

/** Model id → its dated entries, by ascending `effectiveFrom`. */
export type PriceBook = Readonly<Record<string, readonly PriceEntry[]>>;

/**
 * The first entry of a model whose launch price never changed: it applies
 * from the model's release (a model cannot be called before it), so the
 * book does not need the release day.
 */
export const SINCE_RELEASE = "1970-01-01";
