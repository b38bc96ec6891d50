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

  it("counts prompt tokens by kind, read at a scrape", async () => {
    const registry = new Registry();
    const metrics = createCacheMetrics(registry, ["campaign_summary"]);
    metrics.record(attempt(1_500, 200, 100), "campaign_summary");
    metrics.record(attempt(500, 0, 50), "campaign_summary");
    const tokens = await registry.getSingleMetric("switchyard_router_prompt_tokens_total")?.get();
    const byKind = Object.fromEntries((tokens?.values ?? []).map((value) => [String(value.labels.kind), value.value]));
    assert.deepEqual(byKind, { uncached: 150, cache_write: 200, cache_read: 2_000 });
  });

  it("caps the task types a producer names beyond the configured ones", async () => {
    const registry = new Registry();
    const metrics = createCacheMetrics(registry, ["campaign_summary"]);
    for (let index = 0; index < 150; index += 1) metrics.record(attempt(0, 0, 10), `made-up-${index}`);
    metrics.record(attempt(0, 0, 10), "campaign_summary");
    const ratio = await registry.getSingleMetric("switchyard_router_cache_read_ratio")?.get();
    const types = new Set((ratio?.values ?? []).map((value) => String(value.labels.task_type)));
    assert.equal(types.size, 102, "100 made-up types, other, and the configured type");
    assert.ok(types.has("other") && types.has("campaign_summary") && types.has("made-up-99") && !types.has("made-up-100"));
  });
});
