import type { Tier } from "@switchyard/contracts";
import { ConfigurationError } from "@switchyard/platform";
import type { ModelProvider } from "../model-provider";

/** The provider every tier uses unless the routing config names another. */
export const DEFAULT_PROVIDER_NAME = "anthropic";

/** Model providers by the name the routing config uses for them. */
export type ProviderRegistry = ReadonlyMap<string, ModelProvider>;

export function createProviderRegistry(providers: Readonly<Record<string, ModelProvider>>): ProviderRegistry {
  return new Map(Object.entries(providers));
}

/** The parts of the routing config that say which provider serves which tier. */
export interface TierProviderConfig {
  models: Readonly<Record<Tier, string>>;
  providers: Readonly<Partial<Record<Tier, string>>>;
}

/**
 * One ModelProvider over the registry: a call goes to the provider of the
 * tier whose model it names (a model no tier names goes to the default
 * provider). Checked once, at start: an unknown provider name, or one model
 * given to two providers, is a configuration error naming the setting.
 */
export function createTierProvider(registry: ProviderRegistry, config: TierProviderConfig): ModelProvider {
  const byModel = new Map<string, ModelProvider>();
  const owners = new Map<string, string>();
  for (const [tier, model] of Object.entries(config.models) as Array<[Tier, string]>) {
    const name = config.providers[tier] ?? DEFAULT_PROVIDER_NAME;
    const provider = registry.get(name);
    if (!provider) throw new ConfigurationError(`providers.${tier}`, `no provider named "${name}" (known: ${[...registry.keys()].join(", ")})`);
    const owner = owners.get(model);
    if (owner !== undefined && owner !== name) throw new ConfigurationError(`providers.${tier}`, `model ${model} is served by both ${owner} and ${name}`);
    owners.set(model, name);
    byModel.set(model, provider);
  }
  const fallback = registry.get(DEFAULT_PROVIDER_NAME);
  return {
    complete(request, options) {
      const provider = byModel.get(request.model) ?? fallback;
      if (!provider) return Promise.reject(new ConfigurationError("providers", `no provider for model ${request.model}`));
      return provider.complete(request, options);
    },
  };
}
