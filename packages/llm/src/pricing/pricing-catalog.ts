import { getOrCreateCounter, type Counter, type Logger, type Registry } from "@switchyard/platform";
import { ANTHROPIC_MODEL_ALIASES, ANTHROPIC_PRICE_BOOK } from "../providers/anthropic/anthropic-price-book";
import { computeCostUsd } from "./compute-cost";
import type { ModelPrice, ModelUsage } from "./model-price";
import { normalizePriceOverrides, type PriceOverrides } from "./normalize-price-overrides";
import type { PriceBook, PriceEntry } from "./price-entry";
import { resolvePriceKey } from "./resolve-price-key";
import { countPromptTokens, selectPriceEntry, selectRates } from "./select-price";
import { validatePriceBook } from "./validate-price-book";

export interface PricingCatalog {
  /** The latest day the shipped prices were checked against the provider's pages. */
  readonly pricesTakenOn: string;
  /** The base rates of a model id (dated ids and aliases resolved) in force at `at` (default now), or null when unknown. */
  priceOf(model: string, at?: Date): ModelPrice | null;
  /** The whole entry in force at `at`: rates, bands, batch discount, source. */
  entryOf(model: string, at?: Date): PriceEntry | null;
  /** Every dated entry of a model, oldest first, or null when unknown. */
  entriesOf(model: string): readonly PriceEntry[] | null;
  /**
   * The USD cost of a call made at `at` (default now), with the entry in
   * force then and its long-context band; null when the model has no price,
   * never 0. An unknown model is counted every time and warned about once.
   */
  costOf(model: string, usage: ModelUsage, at?: Date): number | null;
  /** Every model id with a price, overrides included. */
  models(): string[];
  /** The book in use: the shipped one with the configured models replaced. */
  book(): PriceBook;
}

export interface PricingCatalogOptions {
  /** The shipped book (default: Anthropic's). */
  book?: PriceBook;
  /** Ids that resolve to another id of the book. */
  aliases?: Readonly<Record<string, string>>;
  /**
   * The routing config's `pricing`: a model listed there uses only the
   * entries given (the shipped ones for it are ignored).
   */
  overrides?: PriceOverrides;
  logger?: Logger;
  /** Where the unknown-model counter is registered. */
  registry?: Registry;
}

const UNKNOWN_MODEL_METRIC = "switchyard_pricing_unknown_model_calls_total";

/** Validates the book and the overrides (a ConfigurationError naming the model and the problem) and prices calls. */
export function createPricingCatalog(options: PricingCatalogOptions = {}): PricingCatalog {
  const shipped = options.book ?? ANTHROPIC_PRICE_BOOK;
  validatePriceBook(shipped, { setting: "price book", requireSource: true });
  const configured = normalizePriceOverrides(options.overrides ?? {});
  validatePriceBook(configured, { setting: "SWITCHYARD_CONFIG" });
  const book: PriceBook = { ...shipped, ...configured };
  const aliases = options.aliases ?? ANTHROPIC_MODEL_ALIASES;
  const unknownCounter = options.registry ? unknownModelCounter(options.registry) : undefined;
  const warned = new Set<string>();

  const entriesOf = (model: string): readonly PriceEntry[] | null => {
    const key = resolvePriceKey(model, (candidate) => Object.hasOwn(book, candidate), aliases);
    return key === null ? null : (book[key] ?? null);
  };
  const entryOf = (model: string, at: Date = new Date()): PriceEntry | null => {
    const entries = entriesOf(model);
    return entries ? selectPriceEntry(entries, at) : null;
  };

  return {
    pricesTakenOn: latestCheck(shipped),
    priceOf: (model, at) => {
      const entry = entryOf(model, at);
      return entry ? selectRates(entry, 0) : null;
    },
    entryOf,
    entriesOf,
    costOf(model, usage, at) {
      const entry = entryOf(model, at);
      if (entry) return computeCostUsd(usage, selectRates(entry, countPromptTokens(usage)));
      unknownCounter?.inc({ model });
      if (!warned.has(model)) {
        warned.add(model);
        options.logger?.warn({ model }, "model has no price in the price book: its cost is recorded as null; add it under pricing in the routing config");
      }
      return null;
    },
    models: () => Object.keys(book).sort(),
    book: () => book,
  };
}

function latestCheck(book: PriceBook): string {
  let latest = "";
  for (const entries of Object.values(book)) for (const entry of entries) if ((entry.checkedOn ?? "") > latest) latest = entry.checkedOn ?? "";
  return latest;
}

function unknownModelCounter(registry: Registry): Counter<"model"> {
  return getOrCreateCounter(registry, {
    name: UNKNOWN_MODEL_METRIC,
    help: "Model calls whose model has no price in the price book (cost recorded as null)",
    labelNames: ["model"],
  });
}
