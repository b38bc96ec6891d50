import type { ModelUsage } from "../pricing/model-price";
import type { PricingCatalog } from "../pricing/pricing-catalog";

/**
 * The USD cost of one batch request: the price book's cost of the call at
 * `at`, less the entry's batch discount (Anthropic's: 50%). An entry without
 * a batch discount is priced at its full rate, never below what is known;
 * null when the model has no price.
 */
export function computeBatchCost(pricing: PricingCatalog, model: string, usage: ModelUsage, at?: Date): number | null {
  const cost = pricing.costOf(model, usage, at);
  if (cost === null) return null;
  return cost * (1 - (pricing.entryOf(model, at)?.batchDiscount ?? 0));
}
