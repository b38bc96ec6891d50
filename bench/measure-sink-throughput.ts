import { createClient } from "@clickhouse/client";
import { applyMigrations, createServerStore, mapUsageEventToRow } from "@switchyard/clickhouse";
import type { UsageEvent } from "@switchyard/contracts";
import { createLogger } from "@switchyard/platform";
import { BenchKafka } from "./support/bench-kafka";
import { startBenchProcess } from "./support/child-service";
import { CLICKHOUSE_URL, BROKERS, listeningProcess, processCpuSeconds, sleep, uniqueSuffix, waitUntil } from "./support/bench-environment";
import { buildUsageEvents, topicEnvironment, topicNames } from "@switchyard/test-support";
import { summarizeRepeats, type Repeated } from "./support/summarize-repeats";

export interface SinkThroughputResult {
  events: number;
  batchRows: number;
  sinkRowsPerSecond: Repeated;
  plainInsertRowsPerSecond: Repeated;
  /** The plain loop again, asking before each insert which ids are stored (the sink's exactly-once lookup). */
  plainWithLookupRowsPerSecond: Repeated;
  /** Sink ÷ plain loop, per round. */
  ratio: Repeated;
  ratioToPlainWithLookup: Repeated;
  /**
   * CPU time per row over the same window as the rates (10–90% of the rows), in microseconds: of
   * the writer's process (the sink's own; the benchmark's, which runs the plain loops) and of the
   * ClickHouse server (NaN when it is not a local process). Unlike rates, CPU per row hardly moves
   * with the machine's load: it says whose work a gap is.
   */
  cpuMicrosecondsPerRow: Record<WriterName, { writer: Repeated; server: Repeated }>;
}

type WriterName = "sink" | "plainInsert" | "plainWithLookup";

interface WriterMeasurement {
  rowsPerSecond: number;
  writerCpuMicrosecondsPerRow: number;
  serverCpuMicrosecondsPerRow: number;
}

type SinkRound = Record<WriterName, WriterMeasurement>;

/** Benchmark 4, `repeats` rounds (plain loop, plain loop with lookup, sink, in turn; every other round the other way round). */
export async function measureSinkThroughput(repeats: number): Promise<SinkThroughputResult> {
  const rounds: SinkRound[] = [];
  // The order turns round every round, so that a load that rises or falls during a round favours neither side.
  for (let round = 0; round < repeats; round += 1) rounds.push(await measureSinkRound(round % 2 === 1));
  const cpu = (writer: WriterName) => ({
    writer: summarizeRepeats(rounds.map((round) => round[writer].writerCpuMicrosecondsPerRow)),
    server: summarizeRepeats(rounds.map((round) => round[writer].serverCpuMicrosecondsPerRow)),
  });
  return {
    events: EVENTS,
    batchRows: BATCH_ROWS,
    sinkRowsPerSecond: summarizeRepeats(rounds.map((round) => round.sink.rowsPerSecond)),
    plainInsertRowsPerSecond: summarizeRepeats(rounds.map((round) => round.plainInsert.rowsPerSecond)),
    plainWithLookupRowsPerSecond: summarizeRepeats(rounds.map((round) => round.plainWithLookup.rowsPerSecond)),
    ratio: summarizeRepeats(rounds.map((round) => round.sink.rowsPerSecond / round.plainInsert.rowsPerSecond)),
    ratioToPlainWithLookup: summarizeRepeats(rounds.map((round) => round.sink.rowsPerSecond / round.plainWithLookup.rowsPerSecond)),
    cpuMicrosecondsPerRow: { sink: cpu("sink"), plainInsert: cpu("plainInsert"), plainWithLookup: cpu("plainWithLookup") },
  };
}

// About 5 s of steady state per writer on an idle machine: at 60,000 the 10–90% window was 2 s and moved ±0.2 between runs.
const EVENTS = 150_000;
const BATCH_ROWS = 5_000;
const PARTITIONS = 6;

/**
 * Benchmark 4: usage events from Kafka into ClickHouse through the metrics
 * sink (its own process: dedupe lookup, batches, commit after insert) against
 * a plain kafkajs consumer that inserts batches of the same size with
 * @clickhouse/client into a table of the same schema (same migrations).
 */
async function measureSinkRound(sinkFirst: boolean): Promise<SinkRound> {
  const kafka = new BenchKafka();
  const client = createClient({ url: CLICKHOUSE_URL });
  const suffix = uniqueSuffix();
  const databases = { sink: `bench_sink_${suffix}`, plain: `bench_plain_${suffix}`, lookup: `bench_lookup_${suffix}` };
  try {
    const topics = topicNames(`bench.sink.${suffix}`);
    await kafka.createTopics(Object.values(topics), PARTITIONS);
    await kafka.fill(
      topics.usage,
      usageEventsForBench(EVENTS).map((event) => ({ key: event.taskId, value: JSON.stringify(event) })),
    );

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

    const writers: Record<WriterName, () => Promise<WriterMeasurement>> = {
      plainInsert: () =>
        measureRowRate(
          () => countRows(databases.plain),
          () => runPlainInsertLoop(kafka, client, topics.usage, databases.plain, false),
        ),
      plainWithLookup: () =>
        measureRowRate(
          () => countRows(databases.lookup),
          () => runPlainInsertLoop(kafka, client, topics.usage, databases.lookup, true),
        ),
      sink: () =>
        measureRowRate(
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
            return { stop: () => sink.stop(), cpuSeconds: () => processCpuSeconds(sink.pid) };
          },
        ),
    };
    const order: WriterName[] = ["plainInsert", "plainWithLookup", "sink"];
    if (sinkFirst) order.reverse();
    const round: Partial<SinkRound> = {};
    for (const writer of order) round[writer] = await writers[writer]();
    return round as SinkRound;
  } finally {
    for (const database of Object.values(databases)) await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await client.close();
    await kafka.close();
  }
}

interface RunningWriter {
  stop(): Promise<void>;
  /** CPU seconds the writer's process has used so far. */
  cpuSeconds(): number;
}

/** The benchmark's own process: where the plain loops run. */
const THIS_PROCESS_CPU = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/**
 * Starts a writer, samples the table's row count with the CPU time of the writer and the server,
 * and returns rows per second and CPU per row between 10% and 90% of the events.
 */
async function measureRowRate(count: () => Promise<number>, start: () => Promise<RunningWriter | (() => Promise<void>)>): Promise<WriterMeasurement> {
  const started = await start();
  const writer: RunningWriter = typeof started === "function" ? { stop: started, cpuSeconds: THIS_PROCESS_CPU } : started;
  const server = listeningProcess(new URL(CLICKHOUSE_URL).port || "8123");
  const samples: Array<{ at: number; rows: number; writerCpu: number; serverCpu: number }> = [];
  try {
    await waitUntil(
      async () => {
        const rows = await count();
        samples.push({ at: performance.now(), rows, writerCpu: writer.cpuSeconds(), serverCpu: server === null ? Number.NaN : processCpuSeconds(server) });
        await sleep(50);
        return rows >= EVENTS;
      },
      `${EVENTS} rows`,
      300_000,
    );
  } finally {
    await writer.stop();
  }
  const first = samples.find((sample) => sample.rows >= EVENTS * 0.1);
  const last = samples.find((sample) => sample.rows >= EVENTS * 0.9);
  if (!first || !last || last.at <= first.at)
    return { rowsPerSecond: Number.NaN, writerCpuMicrosecondsPerRow: Number.NaN, serverCpuMicrosecondsPerRow: Number.NaN };
  const rows = last.rows - first.rows;
  return {
    rowsPerSecond: (rows * 1000) / (last.at - first.at),
    writerCpuMicrosecondsPerRow: ((last.writerCpu - first.writerCpu) * 1e6) / rows,
    serverCpuMicrosecondsPerRow: ((last.serverCpu - first.serverCpu) * 1e6) / rows,
  };
}

async function tableExists(client: ReturnType<typeof createClient>, database: string): Promise<boolean> {
  const result = await client.query({
    query: `SELECT count() AS n FROM system.tables WHERE database = '${database}' AND name = 'llm_usage'`,
    format: "JSONEachRow",
  });
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
    query: `SELECT DISTINCT event_id AS id FROM ${database}.llm_usage WHERE ts >= toDateTime('${times[0]}', 'UTC') AND ts <= toDateTime('${times.at(-1)}', 'UTC') AND event_id IN (SELECT arrayJoin([${ids}]))`,
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
