import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ResultEvent, TaskEventInput, TopicNames, UsageEvent } from "@switchyard/contracts";
import { waitForMessages, type Transport } from "@switchyard/kafka";
import { createAnthropicBatchProvider, createAnthropicProvider, DEFAULT_RETRY_POLICY } from "@switchyard/llm";
import { startModelSimulator, type ModelSimulator, type SimulatorConfigInput } from "@switchyard/model-simulator";
import { resolveRoutingConfig, type RoutingConfigInput } from "@switchyard/routing";
import { startRouter } from "../src/index";
import { KafkaTestBed, parseResults, parseUsage, uniqueName, waitUntil } from "@switchyard/test-support";
import { byTaskId, expectedCostUsd, SPEC_PRICES, taskMessage } from "./integration-support";

// The batch lane on the real broker, the official SDK's messages.batches and the simulator's batch endpoints.
const bed = new KafkaTestBed("router-batch-it");
const testLogger = bed.logger;
before(() => bed.connect());
after(() => bed.clean());

const RETRIES = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 5_000, attemptTimeoutMs: 10_000 };
const FAST_BATCHES = { maxAgeMs: 300, pollIntervalMs: 50 };

interface Bench {
  simulator: ModelSimulator;
  topics: TopicNames;
  groupId: string;
  transport: Transport;
  start(): ReturnType<typeof startRouter>;
}

async function withBench(simulatorConfig: SimulatorConfigInput, routing: RoutingConfigInput, body: (bench: Bench) => Promise<void>): Promise<void> {
  const simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0, ...simulatorConfig } });
  try {
    const topics = await bed.createTopicNames(2);
    const groupId = bed.newGroup();
    const transport = bed.newTransport();
    const start = () =>
      startRouter({
        transport,
        provider: createAnthropicProvider({ apiKey: "test-key", baseUrl: simulator.url, logger: testLogger }),
        batchProvider: createAnthropicBatchProvider({ apiKey: "test-key", baseUrl: simulator.url, logger: testLogger }),
        routing: resolveRoutingConfig({ ...routing, batch: { ...FAST_BATCHES, ...routing.batch } }),
        topics,
        groupId,
        maxInFlight: 16,
        maxTaskBytes: 1024 * 1024,
        retryPolicy: RETRIES,
        logger: testLogger,
      });
    await body({ simulator, topics, groupId, transport, start });
  } finally {
    await simulator.close();
  }
}

async function collect(bench: Bench, ids: readonly string[]): Promise<{ results: Map<string, ResultEvent>; usage: Map<string, UsageEvent[]> }> {
  const missing = new Set(ids);
  let read = 0;
  await waitForMessages(bench.transport, {
    topic: bench.topics.results,
    timeoutMs: 60_000,
    until: (seen) => {
      for (; read < seen.length; read += 1) missing.delete(seen[read]?.key ?? "");
      return missing.size === 0;
    },
  });
  const results = byTaskId(parseResults(await bench.transport.readTopic(bench.topics.results)), (result) => result.taskId);
  const single = new Map<string, ResultEvent>();
  for (const id of ids) {
    assert.equal(results.get(id)?.length, 1, `task ${id}: one result`);
    single.set(id, results.get(id)?.[0] as ResultEvent);
  }
  return { results: single, usage: byTaskId(parseUsage(await bench.transport.readTopic(bench.topics.usage)), (event) => event.taskId) };
}

function task(id: string, type: string, extra: Partial<TaskEventInput> = {}): TaskEventInput {
  return { id, type, messages: [{ role: "user", content: `Task ${id}: summarise the week.` }], maxTokens: 120, ...extra };
}

describe("router batch lane (real broker, SDK, simulator)", () => {
  it("completes a batch of mixed tasks with one result each, priced at the batch rate, one batch per model", async () => {
    await withBench({ batches: { processingMs: 200 } }, {}, async (bench) => {
      const run = uniqueName("mixed");
      const tasks = [
        task(`${run}-k1`, "keyword_relevance", { deadline: "30h" }),
        task(`${run}-k2`, "keyword_relevance", { deadline: new Date(Date.now() + 48 * 3_600_000).toISOString() }),
        task(`${run}-c1`, "campaign_summary", { deadline: "2d" }),
        task(`${run}-c2`, "campaign_summary", { deadline: "30h" }),
        task(`${run}-now`, "campaign_summary", { deadline: "1h" }),
        task(`${run}-plain`, "keyword_relevance"),
      ];
      await bench.transport.publish(tasks.map((entry) => taskMessage(bench.topics, entry)));
      const loop = await bench.start();
      try {
        const { results, usage } = await collect(
          bench,
          tasks.map((entry) => entry.id),
        );
        for (const id of [`${run}-k1`, `${run}-k2`, `${run}-c1`, `${run}-c2`]) {
          const result = results.get(id) as ResultEvent;
          assert.equal(result.status, "ok", id);
          assert.equal(result.mode, "batch", id);
          const events = usage.get(id) ?? [];
          assert.equal(events.length, 1, id);
          assert.equal(events[0]?.mode, "batch");
          // The batch rate: half of the test's own copy of the list price.
          assert.ok(Math.abs((events[0]?.costUsd ?? -1) - expectedCostUsd(result.model as string, result.usage) * 0.5) < 1e-12, id);
          assert.equal(result.costUsd, events[0]?.costUsd);
        }
        assert.equal(results.get(`${run}-k1`)?.model, "claude-haiku-5-5");
        assert.ok(results.get(`${run}-k1`)?.json !== undefined, "a structured batch answer is parsed");
        for (const id of [`${run}-now`, `${run}-plain`]) {
          assert.equal(results.get(id)?.mode, "sync", id);
          assert.equal(usage.get(id)?.[0]?.mode, "sync");
          assert.ok(
            Math.abs((results.get(id)?.costUsd ?? -1) - expectedCostUsd(results.get(id)?.model as string, results.get(id)?.usage as ResultEvent["usage"])) <
              1e-12,
          );
        }
        assert.equal(bench.simulator.batchStats().created, 2, "one batch per model");
        await waitUntil(() => loop.stats().handled === tasks.length, "all tasks handled", 10_000);
      } finally {
        await loop.stop();
      }
    });
  });

  it("a past deadline is an invalid_task result with a clear reason", async () => {
    await withBench({}, {}, async (bench) => {
      const id = uniqueName("late");
      await bench.transport.publish([taskMessage(bench.topics, task(id, "campaign_summary", { deadline: "2020-01-01T00:00:00Z" }))]);
      const loop = await bench.start();
      try {
        const { results } = await collect(bench, [id]);
        assert.equal(results.get(id)?.status, "error");
        assert.equal(results.get(id)?.error?.type, "invalid_task");
        assert.match(results.get(id)?.error?.message ?? "", /deadline: 2020-01-01T00:00:00Z .* has already passed/);
        assert.equal(bench.simulator.stats().totalCalls, 0);
      } finally {
        await loop.stop();
      }
    });
  });

  it("expired goes sync when the deadline allows, errored follows retry and fallback, and a passed deadline gives an error result", async () => {
    const outcomes = [
      { kind: "expired" as const, share: 1, limit: 1, models: ["claude-haiku-5-5"] },
      { kind: "errored" as const, share: 1, limit: 1, models: ["claude-sonnet-5-5"], errorType: "invalid_request_error" as const },
    ];
    await withBench({ batches: { processingMs: 100, outcomes } }, {}, async (bench) => {
      const run = uniqueName("rules");
      const tasks = [task(`${run}-expired`, "keyword_relevance", { deadline: "30h" }), task(`${run}-errored`, "campaign_summary", { deadline: "30h" })];
      await bench.transport.publish(tasks.map((entry) => taskMessage(bench.topics, entry)));
      const loop = await bench.start();
      try {
        const { results, usage } = await collect(
          bench,
          tasks.map((entry) => entry.id),
        );
        const expired = results.get(`${run}-expired`) as ResultEvent;
        assert.equal(expired.status, "ok");
        assert.equal(expired.mode, "sync");
        assert.equal(expired.attempts, 2);
        assert.deepEqual(
          usage.get(`${run}-expired`)?.map((event) => [event.mode, event.status, event.errorType]),
          [
            ["batch", "error", "timeout"],
            ["sync", "ok", null],
          ],
        );
        // A request the model refused is not retried on the same tier: standard falls back to powerful.
        const errored = results.get(`${run}-errored`) as ResultEvent;
        assert.equal(errored.status, "ok");
        assert.equal(errored.tier, "powerful");
        assert.equal(errored.routing.fallbackFrom, "standard");
        assert.deepEqual(
          usage.get(`${run}-errored`)?.map((event) => [event.mode, event.role, event.status]),
          [
            ["batch", "primary", "error"],
            ["sync", "fallback", "ok"],
          ],
        );
      } finally {
        await loop.stop();
      }
    });
    // The batch outlives the deadline (margin 0 h, deadline 1 s, the batch expires after 1.5 s).
    await withBench({ batches: { processingMs: 5_000, expiresAfterMs: 1_500 } }, { batch: { marginHours: 0 } }, async (bench) => {
      const id = uniqueName("too-late");
      await bench.transport.publish([taskMessage(bench.topics, task(id, "keyword_relevance", { deadline: "1s" }))]);
      const loop = await bench.start();
      try {
        const { results, usage } = await collect(bench, [id]);
        assert.equal(results.get(id)?.status, "error");
        assert.equal(results.get(id)?.error?.type, "timeout");
        assert.match(results.get(id)?.error?.message ?? "", /expired; the deadline has passed/);
        assert.equal(usage.get(id)?.length, 1);
        assert.equal(bench.simulator.stats().totalCalls, 0, "no sync call after the deadline");
      } finally {
        await loop.stop();
      }
    });
  });

  it("a router stopped with a batch in flight is replaced by one that resumes the batch: every result once, no second batch", async () => {
    // The batch takes 10 s, so the first router stops well before it ends; tasks gathered for 2 s make one batch.
    await withBench({ batches: { processingMs: 10_000 } }, { batch: { maxAgeMs: 2_000 } }, async (bench) => {
      const run = uniqueName("resume");
      const tasks = Array.from({ length: 20 }, (_unused, index) => task(`${run}-${index}`, "keyword_relevance", { deadline: "30h" }));
      await bench.transport.publish(tasks.map((entry) => taskMessage(bench.topics, entry)));
      const first = await bench.start();
      // End offsets, not a read: a read joins a consumer group, which takes seconds on a busy machine.
      const recorded = async () => [...(await bed.endOffsets(bench.topics.batches)).values()].reduce((sum, end) => sum + Number(end), 0);
      await waitUntil(async () => (await recorded()) >= 1, "the batch is recorded", 20_000);
      assert.equal(bench.simulator.batchStats().created, 1, "one batch for the twenty tasks");
      await first.stop();
      assert.equal((await bench.transport.readTopic(bench.topics.results)).length, 0, "nothing published before the batch ended");
      const second = await bench.start();
      try {
        const { results } = await collect(
          bench,
          tasks.map((entry) => entry.id),
        );
        assert.equal(results.size, tasks.length);
        for (const result of results.values()) assert.equal(result.mode, "batch");
        assert.equal(bench.simulator.batchStats().created, 1, "no second batch");
        // Once every offset is committed the batch is marked done on the compacted topic.
        await waitUntil(
          async () => (await bench.transport.readTopic(bench.topics.batches)).some((message) => message.value?.toString().includes('"state":"done"') === true),
          "the batch is marked done",
          20_000,
        );
      } finally {
        await second.stop();
      }
    });
  });
});

describe("router prompt caching (real broker, SDK, simulator)", () => {
  it("repeated long system prompts are written once and then read, priced at the cache rates, with the 5m/1h split", async () => {
    // No published minimum for the 5.x models was found: the router assumes 4,096 unless told.
    await withBench({ cache: { minimumTokens: 1_024 } }, { caching: { minimumTokens: { "claude-sonnet-5-5": 1_024 } } }, async (bench) => {
      const run = uniqueName("cache");
      const system = "You summarise advertising campaigns for account managers. ".repeat(120); // about 1,740 tokens
      const ids = [`${run}-1`, `${run}-2`, `${run}-3`, `${run}-hour`, `${run}-off`];
      const loop = await bench.start();
      try {
        // One after the other, so that the first one writes the cache before the next reads it.
        const results = new Map<string, ResultEvent>();
        for (const [index, id] of ids.entries()) {
          const cache = id.endsWith("hour") ? "1h" : id.endsWith("off") ? "off" : undefined;
          const prompt = id.endsWith("hour") ? `${system} Hourly.` : system;
          await bench.transport.publish([taskMessage(bench.topics, task(id, "campaign_summary", { system: prompt, ...(cache ? { cache } : {}) }))]);
          const collected = await collect(bench, ids.slice(0, index + 1));
          results.set(id, collected.results.get(id) as ResultEvent);
        }
        const { usage } = await collect(bench, ids);
        const first = results.get(`${run}-1`) as ResultEvent;
        assert.ok(first.usage.cacheCreationInputTokens > 1_000, "the first call writes the prefix");
        assert.equal(first.usage.cacheReadInputTokens, 0);
        for (const id of [`${run}-2`, `${run}-3`]) {
          const result = results.get(id) as ResultEvent;
          assert.equal(result.usage.cacheReadInputTokens, first.usage.cacheCreationInputTokens, `${id} reads the cached prefix`);
          assert.equal(result.usage.cacheCreationInputTokens, 0);
          // Reads at a tenth of the input price (the test's own copy of the price list).
          assert.ok(Math.abs((result.costUsd ?? -1) - expectedCostUsd(result.model as string, result.usage)) < 1e-12);
          assert.ok((result.costUsd ?? 1) < (first.costUsd ?? 0));
        }
        assert.equal(usage.get(`${run}-1`)?.[0]?.cacheCreation5mInputTokens, first.usage.cacheCreationInputTokens);
        const hour = usage.get(`${run}-hour`)?.[0];
        assert.ok((hour?.cacheCreation1hInputTokens ?? 0) > 1_000, "the 1-hour TTL is reported apart");
        assert.equal(hour?.cacheCreation5mInputTokens, 0);
        // 1-hour writes cost 2x input: the event's cost says so.
        const price = (SPEC_PRICES["claude-sonnet-5-5"]?.inputPerMillion ?? 0) / 1_000_000;
        const outputPrice = (SPEC_PRICES["claude-sonnet-5-5"]?.outputPerMillion ?? 0) / 1_000_000;
        assert.ok(
          Math.abs(
            (hour?.costUsd ?? -1) -
              ((hour?.inputTokens ?? 0) * price + (hour?.cacheCreation1hInputTokens ?? 0) * price * 2 + (hour?.outputTokens ?? 0) * outputPrice),
          ) < 1e-12,
        );
        const off = results.get(`${run}-off`) as ResultEvent;
        assert.equal(off.usage.cacheReadInputTokens + off.usage.cacheCreationInputTokens, 0, "an opted-out task is not cached");
      } finally {
        await loop.stop();
      }
    });
  });
});
