import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  applyMigrations,
  createEmbeddedStore,
  createServerStore,
  mapUsageEventToRow,
  quoteIdentifier,
  quoteLiteral,
  type ClickHouseStore,
  type UsageRow,
} from "@switchyard/clickhouse";
import { DEFAULT_TOPICS, ResultEventSchema, type UsageEvent } from "@switchyard/contracts";
import type { IncomingMessage, OutgoingMessage } from "@switchyard/kafka";
import { createPricingCatalog, DEFAULT_RETRY_POLICY, type ModelProvider } from "@switchyard/llm";
import { createSinkHandler } from "@switchyard/metrics-sink";
import { InvalidEventError } from "@switchyard/contracts";
import { createTaskHandler } from "@switchyard/router";
import { resolveRoutingConfig } from "@switchyard/routing";
import { CLICKHOUSE_URL, createTestLogger, uniqueDatabaseName } from "@switchyard/test-support";

// Property-based: hostile strings through the router and the sink into both
// ClickHouse engines. Bounded in runs so that it fits in `npm test`.
const RUNS = { numRuns: 12 };
const testLogger = createTestLogger("hostile-input");

/** Any UTF-16 code units: controls, NUL, lone surrogates, astral pairs. */
const anyUnits = (minLength: number, maxLength: number) =>
  fc.oneof(
    fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength, maxLength }).map((codes) => String.fromCharCode(...codes)),
    fc.string({ unit: "binary", minLength, maxLength }),
    fc
      .constantFrom("\u0000", "'); DROP TABLE llm_usage; --", "\\", "\ud800", "\udfff\ud800", "🚀", "\u202e", "a\r\nb")
      .filter((text) => text.length >= minLength),
  );

const hostileTask = fc.record({
  id: anyUnits(1, 200),
  type: fc.oneof(fc.constantFrom("keyword_relevance", "campaign_summary", "data_extraction"), anyUnits(1, 60)),
  metadata: fc.dictionary(anyUnits(0, 20), anyUnits(0, 200), { maxKeys: 5 }),
  content: anyUnits(1, 200),
  bom: fc.boolean(),
});

const provider: ModelProvider = {
  async complete(request) {
    const structured = typeof request.system === "string" && request.system.includes("JSON");
    return {
      text: structured ? '{"relevant":true}' : "A summary.",
      usage: { inputTokens: 120, outputTokens: 30, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      model: request.model,
      stopReason: "end_turn",
      requestId: "req_property",
      rateLimit: null,
    };
  },
};

const handler = createTaskHandler({
  routing: resolveRoutingConfig({}),
  provider,
  pricing: createPricingCatalog(),
  retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 },
  topics: DEFAULT_TOPICS,
  maxTaskBytes: 1024 * 1024,
});

function incoming(value: Buffer, offset: number): IncomingMessage {
  return { topic: DEFAULT_TOPICS.tasks, partition: 0, offset: String(offset), key: null, value, headers: {}, timestamp: "0" };
}

/** What the router publishes for one message: its outputs, or its invalid-task outputs. */
async function routeMessage(message: IncomingMessage): Promise<{ outputs: OutgoingMessage[]; invalid: boolean }> {
  try {
    const routed = handler.decode(message);
    return { outputs: await handler.handle(routed, { logger: testLogger, signal: new AbortController().signal, message }), invalid: false };
  } catch (error) {
    assert.ok(error instanceof InvalidEventError, `decode threw ${String(error)}`);
    return { outputs: handler.onInvalid?.(error, message) ?? [], invalid: true };
  }
}

const sinkDecoder = createSinkHandler({
  topics: DEFAULT_TOPICS,
  maxEventBytes: 4 * 1024 * 1024,
  usageWriter: undefined as never,
  shadowWriter: undefined as never,
});

function decodeUsage(output: OutgoingMessage, offset: number): UsageEvent {
  const decoded = sinkDecoder.decode({ ...incoming(Buffer.from(output.value), offset), topic: DEFAULT_TOPICS.usage });
  assert.equal(decoded.kind, "usage");
  return decoded.event as UsageEvent;
}

describe("hostile tasks, property-based: one result per readable id, and every call's usage is stored", () => {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-hostile-"));
  const database = uniqueDatabaseName("switchyard_hostile");
  const stores: Array<{ label: string; store: ClickHouseStore }> = [
    { label: "chDB", store: createEmbeddedStore({ path: directory, database, logger: testLogger }) },
    {
      label: `server at ${CLICKHOUSE_URL}`,
      store: createServerStore({
        url: CLICKHOUSE_URL,
        username: process.env.CLICKHOUSE_USER ?? "default",
        password: process.env.CLICKHOUSE_PASSWORD ?? "",
        database,
        logger: testLogger,
        requestTimeoutMs: 30_000,
      }),
    },
  ];

  before(async () => {
    for (const { store } of stores) await applyMigrations(store, { logger: testLogger });
  });

  after(async () => {
    for (const { store } of stores) {
      await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`).catch(() => undefined);
      await store.close();
    }
    rmSync(directory, { recursive: true, force: true });
  });

  it("routes every hostile task to exactly one result, and both engines take every usage row", async () => {
    let offset = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileTask, { minLength: 1, maxLength: 15 }), async (tasks) => {
        const rows: UsageRow[] = [];
        for (const task of tasks) {
          const body = JSON.stringify({
            id: task.id,
            type: task.type,
            maxTokens: 64,
            metadata: task.metadata,
            messages: [{ role: "user", content: task.content }],
          });
          const { outputs } = await routeMessage(incoming(Buffer.from(task.bom ? `\uFEFF${body}` : body), (offset += 1)));
          const results = outputs
            .filter((output) => output.topic === DEFAULT_TOPICS.results)
            .map((output) => ResultEventSchema.parse(JSON.parse(String(output.value))));
          assert.equal(results.length, 1, "one result for a task whose id can be read");
          for (const output of outputs.filter((item) => item.topic === DEFAULT_TOPICS.usage))
            rows.push(mapUsageEventToRow(decodeUsage(output, (offset += 1)), new Date()));
        }
        if (rows.length === 0) return;
        const ids = rows.map((row) => row.event_id);
        for (const { label, store } of stores) {
          await store.insert("llm_usage", rows);
          const [stored] = await store.query<{ found: number }>(
            `SELECT count() AS found FROM llm_usage WHERE event_id IN (${ids.map(quoteLiteral).join(", ")})`,
          );
          assert.equal(stored?.found, rows.length, `${label} stored every row`);
        }
      }),
      RUNS,
    );
  });
});
