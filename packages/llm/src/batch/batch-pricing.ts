import type { ModelUsage } from "../model-price";
import type { PricingCatalog } from "../pricing-catalog";

/**
 * Message Batches bill every token at 50% of the standard price (Anthropic's
 * batch processing guide, checked 2026-11-30). The one place the batch
 * discount lives until the dated price book carries it per entry.
 */
export const BATCH_PRICE_FACTOR = 0.5;

/** The USD cost of one batch request, or null when the model has no price. */
export function computeBatchCost(pricing: PricingCatalog, model: string, usage: ModelUsage): number | null {
  const cost = pricing.costOf(model, usage);
  return cost === null ? null : cost * BATCH_PRICE_FACTOR;
}
