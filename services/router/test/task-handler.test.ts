import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_TOPICS, ResultEventSchema, UsageEventSchema, type ResultEvent, type UsageEvent } from "@switchyard/contracts";
import type { IncomingMessage, OutgoingMessage } from "@switchyard/kafka";
import { createPricingCatalog, DEFAULT_RETRY_POLICY, type ModelProvider, type ModelRequest } from "@switchyard/llm";
import { createLogger } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import { ModelCallError } from "@switchyard/llm";
import { resolveRoutingConfig } from "@switchyard/routing";
import { createTaskHandler } from "../src/index";

const logger = createLogger({ name: "test", level: "silent" });
const routing = resolveRoutingConfig({});
const pricing = createPricingCatalog();

function fakeProvider(
  failing: Set<string> = new Set(),
  answer: (request: ModelRequest) => string = (request) => (request.system?.toString().includes("JSON") ? '{"relevant":true}' : "A summary."),
): ModelProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async complete(request) {
      calls.push(request.model);
      if (failing.has(request.model)) throw new ModelCallError("model_overloaded", "overloaded", { status: 529, retryable: true });
      return {
        text: answer(request),
        usage: { inputTokens: 1_000, outputTokens: 200, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
        model: request.model,
        stopReason: "end_turn",
        requestId: "req_1",
        rateLimit: null,
      };
    },
  };
}

function message(value: unknown, offset = "0"): IncomingMessage {
  return {
    topic: DEFAULT_TOPICS.tasks,
    partition: 0,
    offset,
    key: null,
    value: Buffer.from(typeof value === "string" ? value : JSON.stringify(value)),
    headers: {},
    timestamp: "0",
  };
}

function context(incoming: IncomingMessage) {
  return { logger, signal: new AbortController().signal, message: incoming, park: () => undefined };
}

function split(messages: OutgoingMessage[]) {
  const results = messages.filter((item) => item.topic === DEFAULT_TOPICS.results).map((item) => ResultEventSchema.parse(JSON.parse(String(item.value))));
  const usage = messages.filter((item) => item.topic === DEFAULT_TOPICS.usage).map((item) => UsageEventSchema.parse(JSON.parse(String(item.value))));
  return { results, usage };
}

const retryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 };

async function route(
  provider: ModelProvider,
  task: Record<string, unknown>,
): Promise<{ result: ResultEvent; usage: UsageEvent[]; messages: OutgoingMessage[] }> {
  const handler = createTaskHandler({ routing, provider, pricing, retryPolicy, topics: DEFAULT_TOPICS, maxTaskBytes: 1024 * 1024 });
  const incoming = message(task);
  const messages = await handler.handle(handler.decode(incoming), context(incoming));
  const { results, usage } = split(messages);
  assert.equal(results.length, 1);
  return { result: results[0] as ResultEvent, usage, messages };
}

const base = {
  messages: [{ role: "user", content: "Keyword: trail running shoes. Product: hiking boots." }],
  maxTokens: 128,
  metadata: { feature: "kw", tenant: "acme" },
};

describe("router task handler", () => {
  it("routes a structured task to fast and prices it from the catalog", async () => {
    const { result, usage } = await route(fakeProvider(), { ...base, id: "kw-1", type: "keyword_relevance" });
    assert.equal(result.status, "ok");
    assert.equal(result.tier, "fast");
    assert.equal(result.model, "claude-haiku-5-5");
    assert.deepEqual(result.json, { relevant: true });
    // Haiku 5.5: 1,000 input × $0.10/M + 200 output × $0.50/M
    assert.ok(Math.abs((result.costUsd ?? -1) - 0.0002) < 1e-12, String(result.costUsd));
    assert.equal(usage.length, 1);
    assert.equal(usage[0]?.role, "primary");
    assert.deepEqual(result.metadata, { feature: "kw", tenant: "acme" });
    assert.match(result.routing.reason, /rule 3/);
  });

  it("falls back from standard to powerful and records every attempt", async () => {
    const provider = fakeProvider(new Set(["claude-sonnet-5-5"]));
    const { result, usage } = await route(provider, { ...base, id: "cs-1", type: "campaign_summary" });
    assert.equal(result.status, "ok");
    assert.equal(result.tier, "powerful");
    assert.equal(result.routing.fallbackFrom, "standard");
    assert.deepEqual(provider.calls, ["claude-sonnet-5-5", "claude-sonnet-5-5", "claude-opus-5-5"]);
    assert.deepEqual(
      usage.map((event) => [event.role, event.status, event.errorType]),
      [
        ["primary", "error", "overloaded"],
        ["primary", "error", "overloaded"],
        ["fallback", "ok", null],
      ],
    );
    assert.equal(result.attempts, 3);
  });

  it("answers with an error result when every model fails", async () => {
    const provider = fakeProvider(new Set(["claude-opus-5-5"]));
    const { result, usage } = await route(provider, { ...base, id: "as-1", type: "account_strategy" });
    assert.equal(result.status, "error");
    assert.equal(result.error?.type, "overloaded");
    assert.equal(usage.length, 2);
  });

  it("treats unparseable structured output as a failed attempt", async () => {
    const provider = fakeProvider(new Set(), () => "not json");
    const { result, usage } = await route(provider, { ...base, id: "kw-2", type: "keyword_relevance" });
    assert.equal(result.status, "error");
    assert.equal(result.error?.type, "output_invalid");
    assert.ok(usage.every((event) => event.errorType === "output_invalid"));
    assert.ok((result.costUsd ?? 0) > 0, "the failed calls still cost money");
  });

  it("rejects an invalid task with a readable id and answers it", () => {
    const handler = createTaskHandler({ routing, provider: fakeProvider(), pricing, retryPolicy, topics: DEFAULT_TOPICS, maxTaskBytes: 1024 * 1024 });
    const incoming = message({ ...base, id: "bad-1", type: "keyword_relevance", maxTokens: 0 });
    assert.throws(() => handler.decode(incoming), InvalidEventError);
    try {
      handler.decode(incoming);
    } catch (error) {
      const outputs = handler.onInvalid?.(error as InvalidEventError, incoming) ?? [];
      const { results } = split(outputs);
      assert.equal(results[0]?.status, "error");
      assert.equal(results[0]?.error?.type, "invalid_task");
      assert.equal(results[0]?.taskId, "bad-1");
      assert.deepEqual(results[0]?.metadata, { feature: "kw", tenant: "acme" });
    }
    const unreadable = message("{oops");
    try {
      handler.decode(unreadable);
      assert.fail("decoded garbage");
    } catch (error) {
      assert.deepEqual(handler.onInvalid?.(error as InvalidEventError, unreadable), []);
    }
  });

  it("refuses a structured task whose outputSchema is not a schema", () => {
    const handler = createTaskHandler({ routing, provider: fakeProvider(), pricing, retryPolicy, topics: DEFAULT_TOPICS, maxTaskBytes: 1024 * 1024 });
    const incoming = message({ ...base, id: "schema-1", type: "data_extraction", outputSchema: { type: "no-such-type" } });
    assert.throws(
      () => handler.decode(incoming),
      (error: unknown) => error instanceof InvalidEventError && error.taskId === "schema-1" && /outputSchema/.test(error.message),
    );
  });

  it("publishes a shadow candidate for sampled non-fast tasks only", async () => {
    const everything = resolveRoutingConfig({ shadow: { defaultRate: 1 } });
    const handler = createTaskHandler({
      routing: everything,
      provider: fakeProvider(),
      pricing,
      retryPolicy,
      topics: DEFAULT_TOPICS,
      maxTaskBytes: 1024 * 1024,
    });
    for (const [type, expected] of [
      ["campaign_summary", 1],
      ["keyword_relevance", 0],
    ] as const) {
      const incoming = message({ ...base, id: `s-${type}`, type });
      const messages = await handler.handle(handler.decode(incoming), context(incoming));
      assert.equal(messages.filter((item) => item.topic === DEFAULT_TOPICS.shadowCandidates).length, expected, type);
      assert.equal(messages.at(-1)?.topic, DEFAULT_TOPICS.results, "the result is published last");
    }
  });

  it("answers a task nested too deep to walk (content blocks) with an invalid_task result, not a bare dead letter", () => {
    const handler = createTaskHandler({ routing, provider: fakeProvider(), pricing, retryPolicy, topics: DEFAULT_TOPICS, maxTaskBytes: 1024 * 1024 });
    const nested = `${'{"type":"text","x":'.repeat(20_000)}1${"}".repeat(20_000)}`;
    const incoming = message(`{"id":"deep-1","type":"campaign_summary","maxTokens":10,"messages":[{"role":"user","content":[${nested}]}]}`);
    const outputs = invalidOutputs(handler, incoming);
    assert.equal(outputs.results[0]?.taskId, "deep-1");
    assert.equal(outputs.results[0]?.error?.type, "invalid_task");
    assert.match(outputs.results[0]?.error?.message ?? "", /deeper than 64 levels/);
  });

  it("tolerates a byte-order mark before the JSON", async () => {
    const handler = createTaskHandler({ routing, provider: fakeProvider(), pricing, retryPolicy, topics: DEFAULT_TOPICS, maxTaskBytes: 1024 * 1024 });
    const incoming = message(`\uFEFF${JSON.stringify({ ...base, id: "bom-1", type: "campaign_summary" })}`);
    const { results } = split(await handler.handle(handler.decode(incoming), context(incoming)));
    assert.equal(results[0]?.status, "ok");
  });

  it("replaces lone surrogates at the edge, so the usage of a call can be stored", async () => {
    const { result, usage } = await route(fakeProvider(), {
      ...base,
      id: "sur-1",
      type: "campaign_summary",
      metadata: { tenant: "acme\ud800", feature: "\udc00x" },
    });
    assert.deepEqual(usage[0]?.metadata, { tenant: "acme\uFFFD", feature: "\uFFFDx" });
    assert.deepEqual(result.metadata, { tenant: "acme\uFFFD", feature: "\uFFFDx" });
  });

  it("turns a result too large for the broker into an error result saying so, keeping usage and cost", async () => {
    const handler = createTaskHandler({
      routing,
      provider: fakeProvider(new Set(), () => "x".repeat(300_000)),
      pricing,
      retryPolicy,
      topics: DEFAULT_TOPICS,
      maxTaskBytes: 1024 * 1024,
      maxResultBytes: 100_000,
    });
    const incoming = message({ ...base, id: "big-1", type: "campaign_summary" });
    const messages = await handler.handle(handler.decode(incoming), context(incoming));
    assert.ok(messages.every((item) => Buffer.byteLength(item.value) <= 100_000));
    const { results, usage } = split(messages);
    assert.equal(results[0]?.status, "error");
    assert.equal(results[0]?.error?.type, "output_invalid");
    assert.match(results[0]?.error?.message ?? "", /over the limit of 100000/);
    assert.equal(results[0]?.text, undefined);
    assert.ok((results[0]?.costUsd ?? 0) > 0);
    assert.equal(usage.length, 1);
  });
});

describe("router task handler: upstream error text", () => {
  it("carries a bounded, redacted upstream error message in the result", async () => {
    const secret = "sk-ant-api03-CANARY-SECRET-123";
    const provider: ModelProvider = {
      async complete() {
        throw new ModelCallError("model_invalid_request", `400 request headers: {"x-api-key":"${secret}"} ${"detail ".repeat(2_000)}`, { status: 400 });
      },
    };
    const { result } = await route(provider, { ...base, id: "leak-1", type: "campaign_summary" });
    assert.equal(result.status, "error");
    assert.ok((result.error?.message.length ?? 0) <= 1_100, `${result.error?.message.length} chars`);
    assert.ok(!JSON.stringify(result).includes("CANARY"));
  });
});

function invalidOutputs(handler: ReturnType<typeof createTaskHandler>, incoming: IncomingMessage) {
  try {
    handler.decode(incoming);
  } catch (error) {
    assert.ok(error instanceof InvalidEventError, `decode threw ${String(error)}`);
    return split(handler.onInvalid?.(error, incoming) ?? []);
  }
  return assert.fail("decoded a task that should be invalid");
}
