import { Counter, Gauge, type Registry } from "@switchyard/platform";
import type { AttemptRecord } from "@switchyard/llm";

export interface CacheMetrics {
  record(attempt: AttemptRecord, taskType: string): void;
}

/**
 * Prompt caching by model and task type: prompt tokens by kind (uncached,
 * cache_write, cache_read) and the share read from the cache so far.
 */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  // get-or-create: one registry may serve more than one router (tests, embedded mode).
  const tokens =
    (registry.getSingleMetric("switchyard_router_prompt_tokens_total") as Counter<"model" | "task_type" | "kind"> | undefined) ??
    new Counter({
      name: "switchyard_router_prompt_tokens_total",
      help: "Prompt (input) tokens of the router's calls by kind: uncached, cache_write, cache_read",
      labelNames: ["model", "task_type", "kind"],
      registers: [registry],
    });
  const ratio =
    (registry.getSingleMetric("switchyard_router_cache_read_ratio") as Gauge<"model" | "task_type"> | undefined) ??
    new Gauge({
      name: "switchyard_router_cache_read_ratio",
      help: "Share of the router's prompt tokens read from the prompt cache since start",
      labelNames: ["model", "task_type"],
      registers: [registry],
    });
  const totals = new Map<string, { read: number; all: number }>();
  return {
    record(attempt, taskType) {
      const labels = { model: attempt.model, task_type: taskType };
      const { inputTokens, cacheCreationInputTokens, cacheReadInputTokens } = attempt.usage;
      tokens.inc({ ...labels, kind: "uncached" }, inputTokens);
      tokens.inc({ ...labels, kind: "cache_write" }, cacheCreationInputTokens);
      tokens.inc({ ...labels, kind: "cache_read" }, cacheReadInputTokens);
      const key = `${attempt.model}\u0000${taskType}`;
      const total = totals.get(key) ?? { read: 0, all: 0 };
      total.read += cacheReadInputTokens;
      total.all += inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
      totals.set(key, total);
      if (total.all > 0) ratio.set(labels, total.read / total.all);
    },
  };
}
