import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_TOPICS } from "@switchyard/contracts";
import type { IncomingMessage } from "@switchyard/kafka";
import { createPricingCatalog, DEFAULT_RETRY_POLICY, type ModelProvider } from "@switchyard/llm";
import { createLogger, createMetricsRegistry, type Registry } from "@switchyard/platform";
import { resolveRoutingConfig } from "@switchyard/routing";
import { createTaskHandler, createUnknownTaskFieldCounter } from "../src/index";

const logger = createLogger({ name: "test", level: "silent" });
const provider: ModelProvider = {
  complete() {
    throw new Error("not called: these tests only decode");
  },
};

function message(value: unknown): IncomingMessage {
  return { topic: DEFAULT_TOPICS.tasks, partition: 0, offset: "0", key: null, value: Buffer.from(JSON.stringify(value)), headers: {}, timestamp: "0" };
}

async function counts(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric("switchyard_task_unknown_fields_total")?.get();
  return Object.fromEntries((metric?.values ?? []).map((value) => [String(value.labels.field), value.value]));
}

const task = { id: "kw-1", type: "keyword_relevance", messages: [{ role: "user", content: "Keyword: boots." }], maxTokens: 64 };

describe("unknown top-level task fields", () => {
  it("are accepted and counted by field name", async () => {
    const registry = createMetricsRegistry("router-test");
    const handler = createTaskHandler({
      routing: resolveRoutingConfig({}),
      provider,
      pricing: createPricingCatalog(),
      retryPolicy: DEFAULT_RETRY_POLICY,
      topics: DEFAULT_TOPICS,
      maxTaskBytes: 1024 * 1024,
      onUnknownFields: createUnknownTaskFieldCounter(registry, logger),
    });
    const routed = handler.decode(message({ ...task, max_tokens: 64, outputschema: {} }));
    assert.equal(routed.task.id, "kw-1");
    assert.equal(routed.task.maxTokens, 64);
    handler.decode(message({ ...task, id: "kw-2", max_tokens: 64 }));
    handler.decode(message({ ...task, id: "kw-3", metadata: { unknownInsideMetadata: "is not top-level" } }));
    assert.deepEqual(await counts(registry), { max_tokens: 2, outputschema: 1 });
  });

  it("keep a bounded label set: odd names and names past the first 50 count as (other)", async () => {
    const registry = createMetricsRegistry("router-test");
    const count = createUnknownTaskFieldCounter(registry, logger);
    count(["bad name with spaces", "x".repeat(65)]);
    count(Array.from({ length: 60 }, (_, index) => `field${index}`));
    count(["field0"]);
    const values = await counts(registry);
    assert.equal(Object.keys(values).length, 51);
    assert.equal(values["(other)"], 2 + 10);
    assert.equal(values.field0, 2);
  });
});
