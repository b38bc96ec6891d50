import { ConfigurationError, getOrCreateGauge, type Gauge, type Logger, type Registry } from "@switchyard/platform";
import { ANTHROPIC_MODEL_ALIASES } from "../providers/anthropic/anthropic-price-book";
import { anthropicLifecycleTable } from "../providers/anthropic/anthropic-model-lifecycle";
import { assessModelLifecycle } from "./assess-model-lifecycle";
import type { LifecycleTable, ModelLifecycle } from "./model-lifecycle";

export interface CheckConfiguredModelsOptions {
  /** Where each model is configured (e.g. models.standard) → the model id. */
  models: Readonly<Record<string, string>>;
  /** Default: Anthropic's (the SDK's table and the dated pages). */
  table?: LifecycleTable;
  aliases?: Readonly<Record<string, string>>;
  /** Start anyway with a retired model (a platform with its own schedule). */
  allowRetired: boolean;
  logger: Logger;
  registry?: Registry;
  now?: Date;
}

const END_OF_LIFE_METRIC = "switchyard_model_end_of_life_seconds";

/**
 * Run once at start. A retired model stops the service (a ConfigurationError:
 * one line) unless allowRetired; a deprecated one logs one warning with its
 * end-of-life date. Both set the gauge to the end of life as a Unix time, so
 * an alert can fire on `switchyard_model_end_of_life_seconds - time() < 30 * 86400`.
 */
export function checkConfiguredModels(options: CheckConfiguredModelsOptions): ModelLifecycle[] {
  const now = options.now ?? new Date();
  const table = options.table ?? anthropicLifecycleTable();
  const aliases = options.aliases ?? ANTHROPIC_MODEL_ALIASES;
  const gauge = options.registry ? endOfLifeGauge(options.registry) : undefined;
  const assessed = new Map<string, { lifecycle: ModelLifecycle; settings: string[] }>();
  for (const [setting, model] of Object.entries(options.models)) {
    const known = assessed.get(model);
    if (known) known.settings.push(setting);
    else assessed.set(model, { lifecycle: assessModelLifecycle(model, table, now, aliases), settings: [setting] });
  }
  for (const { lifecycle, settings } of assessed.values()) {
    if (lifecycle.status === "active" || lifecycle.endOfLife === null) continue;
    gauge?.set({ model: lifecycle.model }, Date.parse(`${lifecycle.endOfLife}T00:00:00Z`) / 1000);
    const where = settings.join(", ");
    if (lifecycle.status === "retired" && !options.allowRetired) {
      throw new ConfigurationError(
        where,
        `${lifecycle.model} reached end of life on ${lifecycle.endOfLife} and its requests fail; configure a current model (see switchyard models), or set lifecycle.allowRetired to true in the routing config if your platform retires it later`,
      );
    }
    const message =
      lifecycle.status === "retired"
        ? "configured model is past its end of life (started anyway: lifecycle.allowRetired)"
        : "configured model is deprecated: move to a current model before its end of life";
    options.logger.warn({ model: lifecycle.model, settings, endOfLife: lifecycle.endOfLife, source: lifecycle.source }, message);
  }
  return [...assessed.values()].map((entry) => entry.lifecycle);
}

function endOfLifeGauge(registry: Registry): Gauge<"model"> {
  return getOrCreateGauge(registry, {
    name: END_OF_LIFE_METRIC,
    help: "End of life of a configured model that is deprecated or retired, as a Unix time in seconds",
    labelNames: ["model"],
  });
}
