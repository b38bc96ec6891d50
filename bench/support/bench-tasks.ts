import type { TaskEventInput } from "@switchyard/contracts";
import { buildResultEvent, buildUsageEvents } from "@switchyard/test-support";
import type { OutgoingBenchMessage } from "./bench-kafka";

/** Small structured tasks pinned to the fast tier: the router's full path (decode, validate, call, check JSON, publish). */
export function buildBenchTasks(prefix: string, count: number): OutgoingBenchMessage[] {
  return Array.from({ length: count }, (_unused, index) => {
    const id = `${prefix}-${index}`;
    const task: TaskEventInput = {
      version: 1,
      id,
      type: "keyword_relevance",
      tier: "fast",
      messages: [{ role: "user", content: `Is the keyword "trail shoes ${index % 97}" relevant to a running-shoe campaign? Answer in JSON.` }],
      maxTokens: 32,
      metadata: { feature: "bench", tenant: `tenant-${index % 7}` },
    };
    return { key: id, value: JSON.stringify(task) };
  });
}

/** Bytes like the router's outputs for one task: a usage event and a result, for the plain pipes to write. */
export function buildPipeOutputs(key: string): OutgoingBenchMessage[] {
  const [usage] = buildUsageEvents(
    1,
    () => ({
      eventId: `${key}-u`,
      taskId: key,
      inputTokens: 40,
      outputTokens: 12,
      costUsd: 0.0001,
      latencyMs: 3,
      metadata: { feature: "bench", tenant: "tenant-1" },
    }),
    Date.now(),
  );
  const result = buildResultEvent({
    taskId: key,
    text: '{"relevant":true,"score":0.82}',
    json: { relevant: true, score: 0.82 },
    routing: { reason: "pinned to fast", fallbackFrom: null },
    usage: { inputTokens: 40, outputTokens: 12, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    costUsd: 0.0001,
    latencyMs: 3,
    metadata: { feature: "bench", tenant: "tenant-1" },
    completedAt: new Date().toISOString(),
  });
  return [
    { key, value: JSON.stringify(usage) },
    { key, value: JSON.stringify(result) },
  ];
}
