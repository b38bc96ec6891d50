import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { startModelSimulator, type ModelSimulator } from "../src/index";

let simulator: ModelSimulator;
let client: Anthropic;

before(async () => {
  simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0, batches: { processingMs: 0 } } });
  client = new Anthropic({ apiKey: "test-key", baseURL: simulator.url, maxRetries: 0 });
});
after(() => simulator.close());

const params = (content: string) => ({ model: "claude-haiku-4-5", max_tokens: 50, messages: [{ role: "user" as const, content }] });

async function resultsOf(id: string) {
  const results = new Map<string, Anthropic.Messages.MessageBatchResult>();
  for await (const entry of await client.messages.batches.results(id)) results.set(entry.custom_id, entry.result);
  return results;
}

describe("model simulator: Message Batches through the official SDK", () => {
  it("creates, retrieves, lists and returns JSONL results by custom_id", async () => {
    const batch = await client.messages.batches.create({
      requests: [
        { custom_id: "a", params: params("first") },
        { custom_id: "b", params: params("second") },
      ],
    });
    assert.match(batch.id, /^msgbatch_/);
    assert.equal(batch.type, "message_batch");
    const retrieved = await client.messages.batches.retrieve(batch.id);
    assert.equal(retrieved.processing_status, "ended");
    assert.deepEqual(retrieved.request_counts, { processing: 0, succeeded: 2, errored: 0, canceled: 0, expired: 0 });
    const results = await resultsOf(batch.id);
    assert.deepEqual([...results.keys()].sort(), ["a", "b"]);
    const first = results.get("a");
    assert.equal(first?.type, "succeeded");
    if (first?.type === "succeeded") {
      assert.equal(first.message.model, "claude-haiku-4-5");
      assert.ok(first.message.usage.input_tokens > 0);
    }
    const listed = [];
    for await (const entry of client.messages.batches.list({ limit: 1 })) listed.push(entry.id);
    assert.ok(listed.includes(batch.id));
  });

  it("keeps a batch in progress for its processing time, and cancel ends it with canceled requests", async () => {
    simulator.setConfig({ batches: { processingMs: 60_000 } });
    const batch = await client.messages.batches.create({ requests: [{ custom_id: "slow", params: params("wait") }] });
    assert.equal((await client.messages.batches.retrieve(batch.id)).processing_status, "in_progress");
    await assert.rejects(client.messages.batches.results(batch.id), /results_url/);
    const canceling = await client.messages.batches.cancel(batch.id);
    assert.equal(canceling.processing_status, "canceling");
    assert.equal((await client.messages.batches.retrieve(batch.id)).processing_status, "ended");
    assert.equal((await resultsOf(batch.id)).get("slow")?.type, "canceled");
  });

  it("expires every request of a batch that takes longer than its expiry, and applies per-request outcome rules", async () => {
    simulator.setConfig({ batches: { processingMs: 50, expiresAfterMs: 10 } });
    const expired = await client.messages.batches.create({ requests: [{ custom_id: "e1", params: params("late") }] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await resultsOf(expired.id)).get("e1")?.type, "expired");

    simulator.setConfig({
      batches: {
        processingMs: 0,
        outcomes: [
          { kind: "errored", share: 1, limit: 1, errorType: "overloaded_error" },
          { kind: "expired", share: 1, limit: 1 },
        ],
      },
    });
    const mixed = await client.messages.batches.create({ requests: ["r1", "r2", "r3"].map((custom_id) => ({ custom_id, params: params(custom_id) })) });
    const results = await resultsOf(mixed.id);
    const types = [...results.values()].map((result) => result.type).sort();
    assert.deepEqual(types, ["errored", "expired", "succeeded"]);
    const errored = [...results.values()].find((result) => result.type === "errored");
    assert.equal(errored?.type === "errored" ? errored.error.error.type : null, "overloaded_error");
  });

  it("refuses what the API refuses: bad custom_id, duplicates, unknown model, unknown batch", async () => {
    simulator.setConfig({ batches: {} });
    await assert.rejects(client.messages.batches.create({ requests: [{ custom_id: "has space", params: params("x") }] }), /custom_id/);
    await assert.rejects(
      client.messages.batches.create({
        requests: [
          { custom_id: "d", params: params("x") },
          { custom_id: "d", params: params("y") },
        ],
      }),
      /duplicate/,
    );
    await assert.rejects(client.messages.batches.create({ requests: [{ custom_id: "m", params: { ...params("x"), model: "gpt-4" } }] }), /unknown model/);
    await assert.rejects(client.messages.batches.retrieve("msgbatch_missing"), (error: unknown) => error instanceof Anthropic.NotFoundError);
    assert.ok(simulator.batchStats().created >= 4);
  });
});
