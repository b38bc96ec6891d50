import { counterCell, getOrCreateCounter, getOrCreateHistogram, type CounterCell, type Registry } from "@switchyard/platform";
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

  // Counted in cells per model, tier, role and status (see counterCell): the models are the
  // routing config's chain, the rest enums, so there are few.
  const cells = new Map<string, AttemptCells>();
  const cellsOf = (attempt: AttemptRecord): AttemptCells => {
    const key = `${attempt.model}\u0000${attempt.tier}\u0000${attempt.role}\u0000${attempt.status}`;
    const found = cells.get(key);
    if (found) return found;
    const labels = { model: attempt.model, tier: attempt.tier };
    const created: AttemptCells = {
      labels,
      calls: counterCell(calls, { ...labels, role: attempt.role, status: attempt.status }),
      cost: counterCell(cost, { ...labels, role: attempt.role }),
      input: counterCell(tokens, { ...labels, kind: "input" }),
      output: counterCell(tokens, { ...labels, kind: "output" }),
      cacheCreation: counterCell(tokens, { ...labels, kind: "cache_creation" }),
      cacheRead: counterCell(tokens, { ...labels, kind: "cache_read" }),
    };
    cells.set(key, created);
    return created;
  };

  return {
    record(attempt) {
      const counted = cellsOf(attempt);
      counted.calls.inc();
      latency.observe(counted.labels, attempt.latencyMs / 1000);
      if (attempt.costUsd !== null) counted.cost.inc(attempt.costUsd);
      counted.input.inc(attempt.usage.inputTokens);
      counted.output.inc(attempt.usage.outputTokens);
      counted.cacheCreation.inc(attempt.usage.cacheCreationInputTokens);
      counted.cacheRead.inc(attempt.usage.cacheReadInputTokens);
      if (attempt.status === "error") errors.inc({ ...counted.labels, error_type: attempt.errorType ?? "model_error" });
    },
  };
}

interface AttemptCells {
  labels: { model: string; tier: string };
  calls: CounterCell;
  cost: CounterCell;
  input: CounterCell;
  output: CounterCell;
  cacheCreation: CounterCell;
  cacheRead: CounterCell;
}
