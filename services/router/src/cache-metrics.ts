import { type CounterCell, counterCell, getOrCreateCounter, getOrCreateGauge, LabelLimiter, type Registry } from "@switchyard/platform";
import type { AttemptRecord } from "@switchyard/llm";

/** Task types a producer names beyond the configured ones are labelled one by one up to this many, then "other". */
const MAX_UNCONFIGURED_TASK_TYPES = 100;

export interface CacheMetrics {
  record(attempt: AttemptRecord, taskType: string): void;
}

/**
 * Prompt caching by model and task type: prompt tokens by kind (uncached,
 * cache_write, cache_read) and the share read from the cache so far. A task's
 * type is any string its producer chose: beyond the configured types, the
 * label's values are capped so that a flood of types cannot grow /metrics.
 */
export function createCacheMetrics(registry: Registry, configuredTaskTypes: Iterable<string> = []): CacheMetrics {
  const taskTypes = new LabelLimiter(MAX_UNCONFIGURED_TASK_TYPES, new Set(configuredTaskTypes));
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
  const series = new Map<string, CacheSeries>();
  const seriesOf = (model: string, taskType: string): CacheSeries => {
    const key = `${model}\u0000${taskType}`;
    const found = series.get(key);
    if (found) return found;
    const labels = { model, task_type: taskType };
    const created: CacheSeries = {
      labels,
      uncached: counterCell(tokens, { ...labels, kind: "uncached" }),
      cacheWrite: counterCell(tokens, { ...labels, kind: "cache_write" }),
      cacheRead: counterCell(tokens, { ...labels, kind: "cache_read" }),
      read: 0,
      all: 0,
    };
    series.set(key, created);
    return created;
  };
  return {
    record(attempt, taskType) {
      const counted = seriesOf(attempt.model, taskTypes.label(taskType));
      const { inputTokens, cacheCreationInputTokens, cacheReadInputTokens } = attempt.usage;
      counted.uncached.inc(inputTokens);
      counted.cacheWrite.inc(cacheCreationInputTokens);
      counted.cacheRead.inc(cacheReadInputTokens);
      counted.read += cacheReadInputTokens;
      counted.all += inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
      if (counted.all > 0) ratio.set(counted.labels, counted.read / counted.all);
    },
  };
}

interface CacheSeries {
  labels: { model: string; task_type: string };
  uncached: CounterCell;
  cacheWrite: CounterCell;
  cacheRead: CounterCell;
  /** Prompt tokens read from the cache, and all prompt tokens, since start. */
  read: number;
  all: number;
}
