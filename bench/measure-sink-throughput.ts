import { createClient } from "@clickhouse/client";
import { applyMigrations, createServerStore, mapUsageEventToRow } from "@switchyard/clickhouse";
import type { UsageEvent } from "@switchyard/contracts";
import { createLogger } from "@switchyard/platform";
import { BenchKafka } from "./support/bench-kafka";
import { startBenchProcess } from "./support/child-service";
import { CLICKHOUSE_URL, BROKERS, sleep, uniqueSuffix, waitUntil } from "./support/bench-environment";
import { buildUsageEvents, topicEnvironment, topicNames } from "@switchyard/test-support";

export interface SinkThroughputResult {
  events: number;
  batchRows: number;
  sinkRowsPerSecond: number;
  plainInsertRowsPerSecond: number;
  /** The plain loop again, asking before each insert which ids are stored (the sink's exactly-once lookup). */
  plainWithLookupRowsPerSecond: number;
  ratio: number;
  ratioToPlainWithLookup: number;
}

const EVENTS = 60_000;
const BATCH_ROWS = 5_000;
const PARTITIONS = 6;

/**
 * Benchmark 4: usage events from Kafka into ClickHouse through the metrics
 * sink (its own process: dedupe lookup, batches, commit after insert) against
 * a plain kafkajs consumer that inserts batches of the same size with
 * @clickhouse/client into a table of the same schema (same migrations).
 */
export async function measureSinkThroughput(): Promise<SinkThroughputResult> {
  const kafka = new BenchKafka();
  const client = createClient({ url: CLICKHOUSE_URL });
  const suffix = uniqueSuffix();
  const databases = { sink: `bench_sink_${suffix}`, plain: `bench_plain_${suffix}`, lookup: `bench_lookup_${suffix}` };
  try {
    const topics = topicNames(`bench.sink.${suffix}`);
    await kafka.createTopics(Object.values(topics), PARTITIONS);
    await kafka.fill(topics.usage, usageEventsForBench(EVENTS).map((event) => ({ key: event.taskId, value: JSON.stringify(event) })));

    for (const database of [databases.plain, databases.lookup]) {
      const store = createServerStore({ url: CLICKHOUSE_URL, database, logger: createLogger({ name: "bench", level: "warn" }) });
      await applyMigrations(store, { logger: createLogger({ name: "bench", level: "warn" }) });
      await store.close();
    }
    const countRows = async (database: string) => {
      const result = await client.query({ query: `SELECT count() AS n FROM ${database}.llm_usage`, format: "JSONEachRow" });
      const rows = await result.json<{ n: string | number }>();
      return Number(rows[0]?.n ?? 0);
    };

    const plainRowsPerSecond = await measureRowRate(() => countRows(databases.plain), () => runPlainInsertLoop(kafka, client, topics.usage, databases.plain, false));
    const plainWithLookupRowsPerSecond = await measureRowRate(() => countRows(databases.lookup), () => runPlainInsertLoop(kafka, client, topics.usage, databases.lookup, true));
    const sinkRowsPerSecond = await measureRowRate(
      async () => ((await tableExists(client, databases.sink)) ? countRows(databases.sink) : 0),
      async () => {
        const sink = startBenchProcess("sink", "sink-throughput.sink", {
          KAFKA_BROKERS: BROKERS.join(","),
          ...topicEnvironment(topics),
          CLICKHOUSE_URL,
          CLICKHOUSE_DATABASE: databases.sink,
          SINK_GROUP_ID: `${topics.usage}.sink`,
          SINK_BATCH_MAX_ROWS: String(BATCH_ROWS),
          METRICS_PORT: "0",
          LOG_LEVEL: "info",
        });
        return () => sink.stop();
      },
    );
    return {
      events: EVENTS,
      batchRows: BATCH_ROWS,
      sinkRowsPerSecond,
      plainInsertRowsPerSecond: plainRowsPerSecond,
      plainWithLookupRowsPerSecond,
      ratio: sinkRowsPerSecond / plainRowsPerSecond,
      ratioToPlainWithLookup: sinkRowsPerSecond / plainWithLookupRowsPerSecond,
    };
  } finally {
    for (const database of Object.values(databases)) await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await client.close();
    await kafka.close();
  }
}

/** Starts a writer, samples the table's row count, and returns rows per second between 10% and 90% of the events. */
async function measureRowRate(count: () => Promise<number>, start: () => Promise<() => Promise<void>>): Promise<number> {
  const stop = await start();
  const samples: Array<{ at: number; rows: number }> = [];
  try {
    await waitUntil(
      async () => {
        const rows = await count();
        samples.push({ at: performance.now(), rows });
        await sleep(50);
        return rows >= EVENTS;
      },
      `${EVENTS} rows`,
      300_000,
    );
  } finally {
    await stop();
  }
  const first = samples.find((sample) => sample.rows >= EVENTS * 0.1);
  const last = samples.find((sample) => sample.rows >= EVENTS * 0.9);
  if (!first || !last || last.at <= first.at) return Number.NaN;
  return ((last.rows - first.rows) * 1000) / (last.at - first.at);
}

async function tableExists(client: ReturnType<typeof createClient>, database: string): Promise<boolean> {
  const result = await client.query({ query: `SELECT count() AS n FROM system.tables WHERE database = '${database}' AND name = 'llm_usage'`, format: "JSONEachRow" });
  const rows = await result.json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * The baseline: consume, map, insert up to BATCH_ROWS rows at a time, commit what was inserted.
 * With `lookup`, each batch first asks which of its ids are stored, as the sink's writer does.
 */
async function runPlainInsertLoop(
  kafka: BenchKafka,
  client: ReturnType<typeof createClient>,
  topic: string,
  database: string,
  lookup: boolean,
): Promise<() => Promise<void>> {
  const consumer = kafka.consumer(`bench-plain-insert-${uniqueSuffix()}`);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: PARTITIONS,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
      for (let start = 0; start < batch.messages.length; start += BATCH_ROWS) {
        const chunk = batch.messages.slice(start, start + BATCH_ROWS);
        const insertedAt = new Date();
        const rows = chunk.map((message) => mapUsageEventToRow(JSON.parse(message.value?.toString("utf8") ?? "{}") as UsageEvent, insertedAt));
        if (lookup) await lookUpStoredIds(client, database, rows);
        await client.insert({ table: `${database}.llm_usage`, values: rows, format: "JSONEachRow" });
        const last = chunk.at(-1);
        if (last) resolveOffset(last.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      }
    },
  });
  return () => consumer.disconnect();
}

async function lookUpStoredIds(client: ReturnType<typeof createClient>, database: string, rows: Array<{ event_id: string; ts: string }>): Promise<void> {
  const times = rows.map((row) => row.ts).sort();
  const ids = rows.map((row) => `'${row.event_id}'`).join(", ");
  const result = await client.query({
    query: `SELECT DISTINCT event_id AS id FROM ${database}.llm_usage WHERE ts >= toDateTime('${times[0]}', 'UTC') AND ts <= toDateTime('${times.at(-1)}', 'UTC') AND event_id IN (${ids})`,
    format: "JSONEachRow",
    clickhouse_settings: { max_query_size: "4194304" },
  });
  await result.json();
}

function usageEventsForBench(count: number): UsageEvent[] {
  return buildUsageEvents(count, (index) => ({
    taskId: `sink-${index}`,
    type: index % 2 === 0 ? "keyword_relevance" : "campaign_summary",
    tier: index % 2 === 0 ? "fast" : "standard",
    model: index % 2 === 0 ? "claude-haiku-4-5" : "claude-sonnet-4-5",
    inputTokens: 400 + (index % 300),
    outputTokens: 40 + (index % 60),
    costUsd: 0.0006 + (index % 100) * 0.00001,
    latencyMs: 300 + (index % 200),
    metadata: { feature: "bench", tenant: `tenant-${index % 9}` },
  }));
}
