import { Counter, Histogram, type Registry } from "@switchyard/platform";
import type { AttemptRecord } from "./complete-with-fallback";

/** What the article's RouterMetrics records, per model and tier: pass every AttemptRecord to `record`. */
export interface ModelMetrics {
  record(attempt: AttemptRecord): void;
}

const LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128];

export function createModelMetrics(registry: Registry): ModelMetrics {
  const calls = counter(registry, "switchyard_model_calls_total", "Model calls, retries and failures included", ["model", "tier", "role", "status"]);
  const latency = histogram(registry, "switchyard_model_call_duration_seconds", "Model call latency", ["model", "tier"]);
  const cost = counter(registry, "switchyard_model_cost_usd_total", "USD spent on model calls (models with a price)", ["model", "tier", "role"]);
  const tokens = counter(registry, "switchyard_model_tokens_total", "Tokens billed, by kind (input, output, cache_creation, cache_read)", [
    "model",
    "tier",
    "kind",
  ]);
  const errors = counter(registry, "switchyard_model_errors_total", "Failed model calls by error type", ["model", "tier", "error_type"]);

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

// get-or-create: the embedded mode runs the router and the shadow against one registry.
function counter<Label extends string>(registry: Registry, name: string, help: string, labelNames: Label[]): Counter<Label> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<Label>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function histogram<Label extends string>(registry: Registry, name: string, help: string, labelNames: Label[]): Histogram<Label> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<Label>;
  return new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] });
}
