import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createServerStore, type ClickHouseStore } from "@switchyard/clickhouse";
import { AlertEventSchema, type UsageEvent } from "@switchyard/contracts";
import { waitForMessages, type Transport } from "@switchyard/kafka";
import { sleep } from "@switchyard/platform";
import { buildUsageEvents, CLICKHOUSE_URL, KafkaTestBed, startTestService, uniqueDatabaseName, type ServiceProcess } from "@switchyard/test-support";
import { startAlertDetector, startSink } from "../src/index";

const bed = new KafkaTestBed("sink-it");
const logger = bed.logger;

/** Usage events with costs of up to 6 decimals, as the router writes them. */
function usageEvents(count: number, startMs: number): UsageEvent[] {
  const types = ["keyword_relevance", "campaign_summary", "account_strategy", "data_extraction"];
  return buildUsageEvents(
    count,
    (index) => ({
      type: types[index % 4] ?? "keyword_relevance",
      inputTokens: 100 + (index % 1000),
      outputTokens: 20 + (index % 50),
      costUsd: Math.round((100 + (index % 1000)) * 1 + (20 + (index % 50)) * 5) / 1e6,
      metadata: { feature: "f", tenant: `t${index % 7}` },
    }),
    startMs,
  );
}

async function publishAll(transport: Transport, topic: string, events: UsageEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += 1_000) {
    await transport.publish(events.slice(start, start + 1_000).map((event) => ({ topic, key: event.taskId, value: JSON.stringify(event) })));
  }
}

async function countAndSum(store: ClickHouseStore): Promise<{ calls: number; cost: number; raw: number }> {
  const [final] = await store.query<{ calls: number; cost: number }>("SELECT count() AS calls, sum(cost_usd) AS cost FROM llm_usage FINAL");
  const [raw] = await store.query<{ raw: number }>("SELECT count() AS raw FROM llm_usage");
  return { calls: Number(final?.calls ?? 0), cost: Number(final?.cost ?? 0), raw: Number(raw?.raw ?? 0) };
}

async function waitForCount(store: ClickHouseStore, expected: number, timeoutMs: number): Promise<{ calls: number; cost: number; raw: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = { calls: 0, cost: 0, raw: 0 };
  while (Date.now() < deadline) {
    last = await countAndSum(store).catch(() => last);
    if (last.calls >= expected) return last;
    await sleep(250);
  }
  return last;
}

const cents = (value: number) => Math.round(value * 100);

describe("metrics sink on the real broker and ClickHouse server", () => {
  let transport: Transport;
  const stores: ClickHouseStore[] = [];
  const processes: ServiceProcess[] = [];

  before(async () => {
    await bed.connect();
    transport = bed.newTransport();
  });

  after(async () => {
    for (const child of processes) child.kill("SIGKILL");
    for (const store of stores) {
      await store.command(`DROP DATABASE IF EXISTS ${store.database}`).catch(() => undefined);
      await store.close();
    }
    await bed.clean();
  });

  function newStore(): ClickHouseStore {
    const store = createServerStore({ url: CLICKHOUSE_URL, database: uniqueDatabaseName("sink_test"), logger });
    stores.push(store);
    return store;
  }

  it("writes 10,000 usage events exactly once, cost to the cent", async () => {
    const topics = await bed.createTopicNames(3);
    const events = usageEvents(10_000, Date.now() - 3_600_000);
    await publishAll(transport, topics.usage, events);
    const store = newStore();
    const sink = await startSink({
      transport,
      store,
      topics,
      groupId: bed.newGroup("sink"),
      batch: { maxRows: 2_000, maxWaitMs: 200, maxBufferedRows: 5_000, retry: { initialDelayMs: 100, maxDelayMs: 1_000 } },
      maxEventBytes: 1024 * 1024,
      logger,
    });
    try {
      const result = await waitForCount(store, 10_000, 60_000);
      const expectedCost = events.reduce((sum, event) => sum + (event.costUsd ?? 0), 0);
      assert.equal(result.calls, 10_000);
      assert.equal(result.raw, 10_000, "no duplicate rows even before merges");
      assert.equal(cents(result.cost), cents(expectedCost));
      assert.ok(Math.abs(result.cost - expectedCost) < 1e-6, `${result.cost} vs ${expectedCost}`);
    } finally {
      await sink.stop();
    }
  });

  it("counts each call once after the sink is killed (SIGKILL) mid-stream and restarted", async () => {
    const topics = await bed.createTopicNames(3);
    const store = newStore();
    const environment = {
      CLICKHOUSE_URL,
      CLICKHOUSE_DATABASE: store.database,
      SINK_GROUP_ID: bed.newGroup("sink-kill"),
      SINK_BATCH_MAX_ROWS: "500",
      SINK_BATCH_MAX_WAIT_MS: "100",
    };
    const startProcess = () => {
      const child = startTestService("sink", topics, environment);
      processes.push(child);
      return child;
    };
    const events = usageEvents(10_000, Date.now() - 7_200_000);
    await publishAll(transport, topics.usage, events);
    const first = startProcess();
    // Kill once some batches are in and others are not yet committed.
    const partial = await waitForCount(store, 2_000, 60_000);
    assert.ok(partial.calls >= 2_000, `the first sink wrote ${partial.calls}`);
    first.kill("SIGKILL");
    await first.exited;
    startProcess();
    const result = await waitForCount(store, 10_000, 90_000);
    await sleep(1_500); // any late re-insert would land now
    const settled = await countAndSum(store);
    const expectedCost = events.reduce((sum, event) => sum + (event.costUsd ?? 0), 0);
    process.stdout.write(`# sink kill: killed at ${partial.calls} rows; final ${settled.calls} calls, ${settled.raw} raw rows\n`);
    assert.equal(result.calls >= 10_000, true);
    assert.equal(settled.calls, 10_000);
    assert.equal(cents(settled.cost), cents(expectedCost));
  });

  it("publishes an alert for a spike of powerful-tier calls and none for a normal hour", async () => {
    const [alertsTopic = ""] = await bed.createTopics(1, "alerts");
    const store = newStore();
    const { applyMigrations, createBatchWriter, mapUsageEventToRow } = await import("@switchyard/clickhouse");
    await applyMigrations(store, { logger });
    const now = new Date();
    const hour = 3_600_000;
    const currentHour = Math.floor(now.getTime() / hour) * hour;
    // 48 quiet hours of fast-tier keyword calls, then this hour: the same plus a burst on Opus.
    const events: UsageEvent[] = [];
    for (let index = 48; index >= 0; index -= 1) {
      for (let call = 0; call < 30; call += 1) {
        const base = usageEvents(1, currentHour - index * hour + call * 1_000)[0] as UsageEvent;
        events.push({ ...base, eventId: randomUUID(), type: "keyword_relevance", costUsd: 0.0005 });
      }
    }
    for (let call = 0; call < 40; call += 1) {
      const base = usageEvents(1, currentHour + call * 1_000)[0] as UsageEvent;
      events.push({ ...base, eventId: randomUUID(), type: "keyword_relevance", tier: "powerful", model: "claude-opus-4-5", costUsd: 0.05 });
    }
    const writer = createBatchWriter({
      store,
      table: "llm_usage",
      mapRow: mapUsageEventToRow,
      maxRows: 5_000,
      maxWaitMs: 50,
      maxBufferedRows: 10_000,
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      logger,
    });
    await Promise.all(events.map((event) => writer.write(event)));
    await writer.close();

    const detector = startAlertDetector({
      store,
      transport,
      alertsTopic,
      intervalMs: 3_600_000,
      kSigma: 3,
      logger,
      now: () => new Date(currentHour + 50 * 60_000),
    });
    try {
      const findings = await detector.runOnce();
      const kinds = new Set(findings.map((alert) => `${alert.kind} ${alert.subject}`));
      assert.ok(kinds.has("tier_mix_shift task_type=keyword_relevance tier=powerful"), [...kinds].join("; "));
      assert.ok(
        [...kinds].some((kind) => kind.startsWith("cost_anomaly")),
        [...kinds].join("; "),
      );
      const quietHour = new Date(currentHour - 24 * hour).toISOString().slice(0, 13);
      assert.ok(!findings.some((alert) => alert.hour.replace(" ", "T").startsWith(quietHour)), "a normal hour is not flagged");
      assert.deepEqual(await detector.runOnce(), [], "a finding is published once");
      const published = await waitForMessages(transport, { topic: alertsTopic, until: (messages) => messages.length >= findings.length, timeoutMs: 20_000 });
      for (const message of published) AlertEventSchema.parse(JSON.parse(String(message.value)));
    } finally {
      detector.stop();
    }
  });
});
