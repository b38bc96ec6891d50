import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_TOPICS, UsageEventSchema } from "@switchyard/contracts";
import type { IncomingMessage } from "@switchyard/kafka";
import { createPricingCatalog, DEFAULT_RETRY_POLICY, type ModelProvider } from "@switchyard/llm";
import { createLogger } from "@switchyard/platform";
import { ModelCallError } from "@switchyard/llm";
import { resolveRoutingConfig } from "@switchyard/routing";
import { createTaskHandler } from "../src/index";

const logger = createLogger({ name: "test", level: "silent" });

function message(value: unknown): IncomingMessage {
  return { topic: DEFAULT_TOPICS.tasks, partition: 0, offset: "0", key: null, value: Buffer.from(JSON.stringify(value)), headers: {}, timestamp: "0" };
}

describe("a model call abandoned at a revoke or shutdown", () => {
  it("still yields usage events for every call made, the abandoned one with status abandoned and cost null", async () => {
    let calls = 0;
    // The first call fails (retryable); the second hangs until the work is abandoned.
    const provider: ModelProvider = {
      complete(_request, options) {
        calls += 1;
        if (calls === 1) return Promise.reject(new ModelCallError("model_overloaded", "overloaded", { status: 529, retryable: true }));
        return new Promise((_resolve, reject) => options?.signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
      },
    };
    const handler = createTaskHandler({
      routing: resolveRoutingConfig({}),
      provider,
      pricing: createPricingCatalog(),
      retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      topics: DEFAULT_TOPICS,
      maxTaskBytes: 1024 * 1024,
    });
    const incoming = message({
      id: "cs-1",
      type: "campaign_summary",
      messages: [{ role: "user", content: "Summarise." }],
      maxTokens: 64,
      metadata: { tenant: "acme" },
    });
    const controller = new AbortController();
    const handled = handler.handle(handler.decode(incoming), { logger, signal: controller.signal, message: incoming });
    while (calls < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error("partition revoked"));
    const outputs = await handled;

    assert.ok(
      outputs.every((output) => output.topic === DEFAULT_TOPICS.usage && output.ledger === true),
      "only ledger messages: no result",
    );
    const usage = outputs.map((output) => UsageEventSchema.parse(JSON.parse(String(output.value))));
    assert.deepEqual(
      usage.map((event) => [event.attempt, event.status, event.errorType, event.costUsd]),
      [
        [1, "error", "overloaded", 0],
        [2, "abandoned", "abandoned", null],
      ],
    );
    assert.deepEqual(usage[1]?.metadata, { tenant: "acme" });
    assert.equal(usage[1]?.inputTokens, 0);
  });
});
