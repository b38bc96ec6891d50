import type { TaskEvent } from "@switchyard/contracts";
import { DEFAULT_PROVIDER_NAME, type AttemptRecord, type ModelMetrics } from "@switchyard/llm";
import type { RoutingConfig } from "@switchyard/routing";
import { recordModelCallSpan, type Tracer } from "@switchyard/tracing";
import type { CacheMetrics } from "./cache-metrics";

export interface AttemptRecorderOptions {
  routing: RoutingConfig;
  metrics?: ModelMetrics;
  cacheMetrics?: CacheMetrics;
  /** Tracing on: each call becomes a GenAI span under the task's. */
  tracer?: Tracer;
}

/** What the router does with every model call it made (metrics, spans); undefined when nothing is on. */
export function createAttemptRecorder(options: AttemptRecorderOptions): ((attempt: AttemptRecord, task: TaskEvent) => void) | undefined {
  const { metrics, cacheMetrics, tracer, routing } = options;
  if (!metrics && !cacheMetrics && !tracer) return undefined;
  return (attempt, task) => {
    metrics?.record(attempt);
    cacheMetrics?.record(attempt, task.type);
    if (tracer) recordModelCallSpan(tracer, attempt, { provider: routing.providers[attempt.tier] ?? DEFAULT_PROVIDER_NAME, taskType: task.type });
  };
}
