import type { ModelPrice } from "@switchyard/clickhouse";
import { createPricingCatalog } from "@switchyard/llm";
import type { RoutingConfig } from "@switchyard/routing";

/**
 * Every dated entry of every priced model (the shipped book with the routing
 * config's models replaced), one row per entry and per long-context band:
 * the savings report prices each call at the entry in force at its time.
 */
export function buildReportPrices(routing: RoutingConfig): ModelPrice[] {
  const book = createPricingCatalog({ overrides: routing.pricing }).book();
  return Object.entries(book).flatMap(([model, entries]) =>
    entries.flatMap((entry) =>
      [entry, ...(entry.bands ?? [])].map((rates) => ({
        model,
        effectiveFrom: entry.effectiveFrom,
        abovePromptTokens: "abovePromptTokens" in rates ? rates.abovePromptTokens : 0,
        inputPerMillion: rates.inputPerMillion,
        outputPerMillion: rates.outputPerMillion,
        cacheWrite5mPerMillion: rates.cacheWrite5mPerMillion,
        cacheReadPerMillion: rates.cacheReadPerMillion,
      })),
    ),
  );
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
