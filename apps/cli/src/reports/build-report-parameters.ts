import type { ModelPrice } from "@switchyard/clickhouse";
import { createPricingCatalog } from "@switchyard/llm";
import type { RoutingConfig } from "@switchyard/routing";

/** Every priced model (the catalog with the routing config's overrides), as the savings report takes them. */
export function buildReportPrices(routing: RoutingConfig): ModelPrice[] {
  const catalog = createPricingCatalog({ overrides: routing.pricing });
  return catalog.models().flatMap((model) => {
    const price = catalog.priceOf(model);
    if (!price) return [];
    return [
      {
        model,
        inputPerMillion: price.inputPerMillion,
        outputPerMillion: price.outputPerMillion,
        cacheWrite5mPerMillion: price.cacheWrite5mPerMillion,
        cacheReadPerMillion: price.cacheReadPerMillion,
      },
    ];
  });
}

/** Task type → the model it used before Switchyard, from the routing config. */
export function buildBaselineModels(routing: RoutingConfig): Record<string, string> {
  const baselines: Record<string, string> = {};
  for (const [type, config] of Object.entries(routing.taskTypes)) {
    if (config.baselineModel) baselines[type] = config.baselineModel;
  }
  return baselines;
}

/**
 * The parameters a report needs from configuration rather than from the user:
 * the savings report's prices and baselines.
 */
export function configuredReportParameters(name: string, routing: RoutingConfig): Record<string, unknown> {
  if (name !== "savings") return {};
  return { prices: buildReportPrices(routing), baselineModels: buildBaselineModels(routing) };
}
