import { emptyToUndefined, httpUrl, optionalString } from "@switchyard/platform";
import { z } from "zod";

/** ANTHROPIC_* variables. Without a key the services use the model simulator at SIMULATOR_URL. */
export const AnthropicEnvironmentSchema = z.object({
  ANTHROPIC_API_KEY: optionalString(),
  ANTHROPIC_BASE_URL: z.preprocess(emptyToUndefined, httpUrl("expected a URL").optional()),
  SIMULATOR_URL: z.preprocess(emptyToUndefined, httpUrl("expected a URL").optional()),
});
export type AnthropicEnvironment = z.infer<typeof AnthropicEnvironmentSchema>;

export interface ModelEndpoint {
  apiKey: string;
  /** undefined: the SDK's default, the real API. */
  baseUrl: string | undefined;
  usesSimulator: boolean;
}

const DEFAULT_SIMULATOR_URL = "http://127.0.0.1:8787";

/**
 * Where model calls go. Without an API key a service calls the model
 * simulator (ANTHROPIC_BASE_URL, else SIMULATOR_URL, else the simulator's
 * default port) and must say so at start.
 */
export function resolveModelEndpoint(environment: AnthropicEnvironment): ModelEndpoint {
  const usesSimulator = environment.ANTHROPIC_API_KEY === undefined;
  return {
    apiKey: environment.ANTHROPIC_API_KEY ?? "simulator",
    baseUrl: environment.ANTHROPIC_BASE_URL ?? (usesSimulator ? (environment.SIMULATOR_URL ?? DEFAULT_SIMULATOR_URL) : undefined),
    usesSimulator,
  };
}
