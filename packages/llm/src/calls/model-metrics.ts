import { getOrCreateCounter, getOrCreateHistogram, type Registry } from "@switchyard/platform";
import type { AttemptRecord } from "./complete-with-fallback";

/** What the article's RouterMetrics records, per model and tier: pass every AttemptRecord to `record`. */
export interface ModelMetrics {
  record(attempt: AttemptRecord): void;
}

const LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128];

export function createModelMetrics(registry: Registry): ModelMetrics {
  const calls = getOrCreateCounter(registry, {
    name: "switchyard_model_calls_total",
    help: "Model calls, retries and failures included",
    labelNames: ["model", "tier", "role", "status"],
  });
  const latency = getOrCreateHistogram(registry, {
    name: "switchyard_model_call_duration_seconds",
    help: "Model call latency",
    labelNames: ["model", "tier"],
    buckets: LATENCY_BUCKETS_SECONDS,
  });
  const cost = getOrCreateCounter(registry, {
    name: "switchyard_model_cost_usd_total",
    help: "USD spent on model calls (models with a price)",
    labelNames: ["model", "tier", "role"],
  });
  const tokens = getOrCreateCounter(registry, {
    name: "switchyard_model_tokens_total",
    help: "Tokens billed, by kind (input, output, cache_creation, cache_read)",
    labelNames: ["model", "tier", "kind"],
  });
  const errors = getOrCreateCounter(registry, {
    name: "switchyard_model_errors_total",
    help: "Failed model calls by error type",
    labelNames: ["model", "tier", "error_type"],
  });

  return {
    record(attempt) {
      const labels = { model: attempt.model, tier: attempt.tier };
      calls.inc({ ...labels, role: attempt.role, status: attempt.status });
      latency.observe(labels, attempt.latencyMs / 1000);
      if (attempt.costUsd !== null) cost.inc({ ...labels, role: attempt.role }, attempt.costUsd);
      tokens.inc({ ...labels, kind: "input" }, attempt.usage.inputTokens);
      tokens.inc({ ...labels, kind: "output" }, attempt.usage.outputTokens);
      tokens.inc({ ...labels, kind: "cache_creation" }, attempt.usage.cacheCreationInputTokens);
      tokens.inc({ ...labels, kind: "cache_read" }, attempt.usage.cacheReadInputTokens);
      if (attempt.status === "error") errors.inc({ ...labels, error_type: attempt.errorType ?? "model_error" });
    },
  };
}
