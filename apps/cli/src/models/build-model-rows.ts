import { TIERS } from "@switchyard/contracts";
import { assessModelLifecycle, SINCE_RELEASE, type LifecycleTable, type PricingCatalog } from "@switchyard/llm";
import type { RoutingConfig } from "@switchyard/routing";

export const MODEL_COLUMNS = [
  "tiers",
  "model",
  "input",
  "output",
  "cache_write_5m",
  "cache_write_1h",
  "cache_read",
  "long_context",
  "effective_from",
  "checked_on",
  "lifecycle",
  "source",
] as const;

const DATED = /-\d{8}$/;

export interface ModelRowsOptions {
  routing: RoutingConfig;
  pricing: PricingCatalog;
  lifecycle: LifecycleTable;
  aliases: Readonly<Record<string, string>>;
  /** Prices and lifecycle as of this time. */
  at: Date;
}

/**
 * One row per model: the configured tiers' models first (in tier order), then
 * every other model of the price book and of the lifecycle table, with the
 * price in force at `at` (USD per million tokens), the day it was checked and
 * the model's lifecycle.
 */
export function buildModelRows(options: ModelRowsOptions): Record<(typeof MODEL_COLUMNS)[number], string | number | null>[] {
  const tiersOf = new Map<string, string[]>();
  for (const tier of TIERS) tiersOf.set(options.routing.models[tier], [...(tiersOf.get(options.routing.models[tier]) ?? []), tier]);
  const listed = new Set([...options.pricing.models(), ...Object.keys(options.lifecycle)]);
  // A dated snapshot id (…-20251101) is shown by its undated model's row.
  const others = [...listed].filter((model) => !tiersOf.has(model) && !(DATED.test(model) && listed.has(model.replace(DATED, "")))).sort();
  return [...tiersOf.keys(), ...others].map((model) => {
    const entry = options.pricing.entryOf(model, options.at);
    const lifecycle = assessModelLifecycle(model, options.lifecycle, options.at, options.aliases);
    return {
      tiers: (tiersOf.get(model) ?? []).join(","),
      model,
      input: entry?.inputPerMillion ?? null,
      output: entry?.outputPerMillion ?? null,
      cache_write_5m: entry?.cacheWrite5mPerMillion ?? null,
      cache_write_1h: entry?.cacheWrite1hPerMillion ?? null,
      cache_read: entry?.cacheReadPerMillion ?? null,
      long_context: (entry?.bands ?? []).map((band) => `>${band.abovePromptTokens}: ${band.inputPerMillion}/${band.outputPerMillion}`).join("; "),
      effective_from: entry === null ? "unpriced" : entry.effectiveFrom === SINCE_RELEASE ? "since release" : entry.effectiveFrom,
      checked_on: entry?.checkedOn ?? "",
      lifecycle: lifecycle.status === "active" ? "active" : `${lifecycle.status} (end of life ${lifecycle.endOfLife})`,
      source: entry?.source ?? "",
    };
  });
}
