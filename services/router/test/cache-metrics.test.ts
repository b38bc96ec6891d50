import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AttemptRecord } from "@switchyard/llm";
import { Registry } from "@switchyard/platform";
import { buildAttemptRecord } from "@switchyard/test-support";
import { createCacheMetrics } from "../src/cache-metrics";

const attempt = (read: number, write: number, input: number): AttemptRecord =>
  buildAttemptRecord({ usage: { inputTokens: input, outputTokens: 10, cacheCreationInputTokens: write, cacheReadInputTokens: read } });

describe("cache metrics", () => {
  it("keeps the cache read ratio per model and task type", async () => {
    const registry = new Registry();
    const metrics = createCacheMetrics(registry);
    metrics.record(attempt(0, 1_500, 100), "campaign_summary");
    metrics.record(attempt(1_500, 0, 100), "campaign_summary");
    metrics.record(attempt(0, 0, 400), "keyword_relevance");
    const ratio = await registry.getSingleMetric("switchyard_router_cache_read_ratio")?.get();
    const byType = Object.fromEntries((ratio?.values ?? []).map((value) => [String(value.labels.task_type), value.value]));
    assert.deepEqual(byType, { campaign_summary: 1_500 / 3_200, keyword_relevance: 0 });
    createCacheMetrics(registry).record(attempt(0, 0, 0), "x");
  });
});
