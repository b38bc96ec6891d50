import { Counter, type Logger, type Registry } from "@switchyard/platform";
import { computeCostUsd } from "./compute-cost";
import { DEFAULT_PRICE_LIST, MODEL_ALIASES } from "./default-prices";
import { toModelPrice, type ModelPrice, type ModelUsage, type PriceOverride } from "./model-price";
import { resolvePriceKey } from "./resolve-price-key";

export interface PricingCatalog {
  /** The date the built-in prices were taken from the provider's price list. */
  readonly pricesTakenOn: string;
  /** The price of a model id (dated ids and aliases resolved), or null when unknown. */
  priceOf(model: string): ModelPrice | null;
  /**
   * The USD cost of a call, or null when the model has no price: never 0 for
   * an unknown model. An unknown model is counted every time and warned about
   * once per model (the counter shows how often).
   */
  costOf(model: string, usage: ModelUsage): number | null;
  /** Every model id with a price, overrides included. */
  models(): string[];
}

export interface PricingCatalogOptions {
  /** Overrides and additions by model id (the routing config's `pricing`). */
  overrides?: Readonly<Record<string, PriceOverride>>;
  logger?: Logger;
  /** Where the unknown-model counter is registered. */
  registry?: Registry;
}

const UNKNOWN_MODEL_METRIC = "switchyard_pricing_unknown_model_calls_total";

export function createPricingCatalog(options: PricingCatalogOptions = {}): PricingCatalog {
  const prices = new Map<string, ModelPrice>(Object.entries(DEFAULT_PRICE_LIST.models));
  for (const [model, override] of Object.entries(options.overrides ?? {})) prices.set(model, toModelPrice(override));
  const unknownCounter = options.registry ? unknownModelCounter(options.registry) : undefined;
  const warned = new Set<string>();

  const priceOf = (model: string): ModelPrice | null => {
    const key = resolvePriceKey(model, (candidate) => prices.has(candidate), MODEL_ALIASES);
    return key === null ? null : (prices.get(key) ?? null);
  };

  return {
    pricesTakenOn: DEFAULT_PRICE_LIST.takenOn,
    priceOf,
    costOf(model, usage) {
      const price = priceOf(model);
      if (price) return computeCostUsd(usage, price);
      unknownCounter?.inc({ model });
      if (!warned.has(model)) {
        warned.add(model);
        options.logger?.warn({ model }, "model has no price in the catalog: its cost is recorded as null; add it under pricing in the routing config");
      }
      return null;
    },
    models: () => [...prices.keys()].sort(),
  };
}

// get-or-create: the embedded mode builds several catalogs against one registry.
function unknownModelCounter(registry: Registry): Counter<"model"> {
  const existing = registry.getSingleMetric(UNKNOWN_MODEL_METRIC);
  if (existing) return existing as Counter<"model">;
  return new Counter({
    name: UNKNOWN_MODEL_METRIC,
    help: "Model calls whose model has no price in the catalog (cost recorded as null)",
    labelNames: ["model"],
    registers: [registry],
  });
}
