import { getOrCreateCounter, getOrCreateGauge, type Registry } from "@switchyard/platform";
import type { AttemptRecord } from "@switchyard/llm";

export interface CacheMetrics {
  record(attempt: AttemptRecord, taskType: string): void;
}

/**
 * Prompt caching by model and task type: prompt tokens by kind (uncached,
 * cache_write, cache_read) and the share read from the cache so far.
 */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const tokens = getOrCreateCounter(registry, {
    name: "switchyard_router_prompt_tokens_total",
    help: "Prompt (input) tokens of the router's calls by kind: uncached, cache_write, cache_read",
    labelNames: ["model", "task_type", "kind"],
  });
  const ratio = getOrCreateGauge(registry, {
    name: "switchyard_router_cache_read_ratio",
    help: "Share of the router's prompt tokens read from the prompt cache since start",
    labelNames: ["model", "task_type"],
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
