import { createTopicsReliably } from "@switchyard/kafka";
import { createServerStore, runReport, type ClickHouseStore, type ReportRow } from "@switchyard/clickhouse";
import {
  ResultEventSchema,
  ShadowCandidateEventSchema,
  ShadowEventSchema,
  UsageEventSchema,
  type ResultEvent,
  type ShadowCandidateEvent,
  type ShadowEvent,
  type TopicNames,
  type UsageEvent,
} from "@switchyard/contracts";
import { createKafkaTransport, type ConsumerLoop, type IncomingMessage, type Transport } from "@switchyard/kafka";
import { createAnthropicProvider, createPricingCatalog, DEFAULT_RETRY_POLICY, type RetryPolicy } from "@switchyard/llm";
import { startSink, type Sink } from "@switchyard/metrics-sink";
import { startModelSimulator, type ModelSimulator, type SimulatorConfigInput } from "@switchyard/model-simulator";
import { createLogger, type Logger } from "@switchyard/platform";
import { startRouter } from "@switchyard/router";
import type { RoutingConfig } from "@switchyard/routing";
import { startShadow } from "@switchyard/shadow";
import { Kafka, logLevel, type Admin } from "kafkajs";

// The real broker and ClickHouse server; unreachable means these tests fail (never skip).
export const BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
export const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";

export const testLogger: Logger = createLogger({ name: "pipeline-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });

/**
 * One attempt per model, and a timeout no test reaches: the simulator shares this
 * process with the router, the shadow consumer and the sink, and when the process is
 * saturated some of its calls wait seconds for the event loop (see startPipeline).
 */
export const TEST_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 20, attemptTimeoutMs: 60_000 };

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls until the predicate holds; fails with `what` (and the last detail) after the timeout. */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A waitForMessages condition: `count` distinct keys seen, counted as messages arrive (not rescanned). */
export function untilDistinctKeys(count: number): (seen: readonly IncomingMessage[]) => boolean {
  const keys = new Set<string | null>();
  let read = 0;
  return (seen) => {
    for (; read < seen.length; read += 1) keys.add(seen[read]?.key ?? null);
    return keys.size >= count;
  };
}

function parseAll<Event>(messages: readonly IncomingMessage[], parse: (value: unknown) => Event): Event[] {
  return messages.map((message) => parse(JSON.parse(message.value?.toString("utf8") ?? "null")));
}

export const parseResults = (messages: readonly IncomingMessage[]): ResultEvent[] => parseAll(messages, (value) => ResultEventSchema.parse(value));
export const parseUsage = (messages: readonly IncomingMessage[]): UsageEvent[] => parseAll(messages, (value) => UsageEventSchema.parse(value));
export const parseShadow = (messages: readonly IncomingMessage[]): ShadowEvent[] => parseAll(messages, (value) => ShadowEventSchema.parse(value));
export const parseCandidates = (messages: readonly IncomingMessage[]): ShadowCandidateEvent[] =>
  parseAll(messages, (value) => ShadowCandidateEventSchema.parse(value));

/**
 * Everything one test file makes on the broker and the server (topics,
 * groups, transports, a database, a simulator); clean() removes it all.
 */
export class PipelineTestBed {
  private admin: Admin | null = null;
  private readonly topics: string[] = [];
  private readonly groups: string[] = [];
  private readonly transports: Transport[] = [];
  private readonly stores: ClickHouseStore[] = [];
  private readonly databases: string[] = [];
  private readonly stoppers: Array<() => Promise<void>> = [];

  async connect(): Promise<void> {
    const admin = new Kafka({ brokers: BROKERS, clientId: uniqueName("pipeline-it-admin"), logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
    await admin.connect();
    this.admin = admin;
  }

  async createTopicNames(partitions: number): Promise<TopicNames> {
    const prefix = uniqueName("switchyard-it");
    const names: TopicNames = {
      tasks: `${prefix}.tasks`,
      results: `${prefix}.results`,
      usage: `${prefix}.usage`,
      shadow: `${prefix}.shadow`,
      shadowCandidates: `${prefix}.shadow.candidates`,
      deadLetters: `${prefix}.dlq`,
      alerts: `${prefix}.alerts`,
      batches: `${prefix}.batches`,
    };
    const all = Object.values(names);
    this.topics.push(...all);
    await createTopicsReliably(this.requireAdmin(), all.map((topic) => ({ topic, numPartitions: partitions })));
    return names;
  }

  newGroup(name: string): string {
    const group = uniqueName(`switchyard-it-${name}`);
    this.groups.push(group);
    return group;
  }

  newTransport(): Transport {
    const transport = createKafkaTransport({ brokers: BROKERS, clientId: uniqueName("pipeline-it"), logger: testLogger });
    this.transports.push(transport);
    return transport;
  }

  /** A store on a new, uniquely named database (created by the sink's migrations). */
  newStore(): ClickHouseStore {
    const database = `switchyard_it_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const store = createServerStore({ url: CLICKHOUSE_URL, database, logger: testLogger });
    this.stores.push(store);
    this.databases.push(database);
    return store;
  }

  async startSimulator(config: SimulatorConfigInput): Promise<ModelSimulator> {
    const simulator = await startModelSimulator({ port: 0, config });
    this.onClean(() => simulator.close());
    return simulator;
  }

  /** Runs first at clean(), in reverse order of registration. */
  onClean(stop: () => Promise<void>): void {
    this.stoppers.push(stop);
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
    const [entry] = await this.requireAdmin().fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((partition) => [partition.partition, Number(partition.offset)]));
  }

  async clean(): Promise<void> {
    for (const stop of this.stoppers.reverse()) await stop().catch(() => undefined);
    await Promise.all(this.transports.map((transport) => transport.close().catch(() => undefined)));
    for (const [index, store] of this.stores.entries()) {
      await store.command(`DROP DATABASE IF EXISTS ${this.databases[index] ?? ""}`).catch(() => undefined);
      await store.close().catch(() => undefined);
    }
    if (!this.admin) return;
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    if (this.groups.length > 0) await this.admin.deleteGroups(this.groups).catch(() => undefined);
    await this.admin.disconnect();
  }

  private requireAdmin(): Admin {
    if (!this.admin) throw new Error("PipelineTestBed.connect() first");
    return this.admin;
  }
}

export interface PipelineOptions {
  bed: PipelineTestBed;
  topics: TopicNames;
  routing: RoutingConfig;
  simulator: ModelSimulator;
  store: ClickHouseStore;
  /** false: no shadow consumer in this process (a test runs its own). */
  withShadow?: boolean;
  routerMaxInFlight?: number;
  shadowMaxInFlight?: number;
  retryPolicy?: RetryPolicy;
}

export interface Pipeline {
  transport: Transport;
  router: ConsumerLoop;
  shadow: ConsumerLoop | null;
  sink: Sink;
  shadowGroupId: string;
}

/**
 * The router, the shadow consumer and the metrics sink in this process, on the
 * Kafka transport. Concurrency is kept modest (64 router, 16 shadow calls): with
 * the simulator in the same event loop, hundreds of concurrent calls starve some
 * of them for as long as the load lasts (measured: 288 concurrent callers, some
 * calls waiting the whole 8 s run; with the simulator in its own process, p99 1.2 s).
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { bed, topics, routing } = options;
  const transport = bed.newTransport();
  const provider = createAnthropicProvider({ apiKey: "test-key", baseUrl: options.simulator.url, logger: testLogger });
  const retryPolicy = options.retryPolicy ?? TEST_RETRY_POLICY;
  const sink = await startSink({
    transport,
    store: options.store,
    topics,
    groupId: bed.newGroup("sink"),
    batch: { maxRows: 2_000, maxWaitMs: 200, maxBufferedRows: 10_000, retry: { initialDelayMs: 100, maxDelayMs: 1_000 } },
    maxEventBytes: 4 * 1024 * 1024,
    logger: testLogger,
  });
  bed.onClean(() => sink.stop());
  const shadowGroupId = bed.newGroup("shadow");
  let shadow: ConsumerLoop | null = null;
  if (options.withShadow ?? true) {
    const started = await startShadow({
      transport,
      provider,
      routing,
      topics,
      groupId: shadowGroupId,
      maxInFlight: options.shadowMaxInFlight ?? 16,
      retryPolicy,
      logger: testLogger,
    });
    bed.onClean(() => started.stop());
    shadow = started;
  }
  const router = await startRouter({
    transport,
    provider,
    routing,
    topics,
    groupId: bed.newGroup("router"),
    maxInFlight: options.routerMaxInFlight ?? 64,
    maxTaskBytes: 1024 * 1024,
    retryPolicy,
    logger: testLogger,
  });
  bed.onClean(() => router.stop());
  return { transport, router, shadow, sink, shadowGroupId };
}

/** Publishes in slices, so that one send stays well below the broker's request limit. */
export async function publishInSlices(transport: Transport, messages: ReadonlyArray<{ topic: string; key: string; value: string }>): Promise<void> {
  for (let start = 0; start < messages.length; start += 500) await transport.publish(messages.slice(start, start + 500));
}

export async function countRows(store: ClickHouseStore, sql: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(sql);
  return Number(row?.n ?? 0);
}

/** The pricing catalog's prices in the shape the savings report takes. */
export function catalogPrices(routing: RoutingConfig): Array<{ model: string; inputPerMillion: number; outputPerMillion: number; cacheWrite5mPerMillion: number; cacheReadPerMillion: number }> {
  const catalog = createPricingCatalog({ overrides: routing.pricing });
  return catalog.models().flatMap((model) => {
    const price = catalog.priceOf(model);
    return price
      ? [{ model, inputPerMillion: price.inputPerMillion, outputPerMillion: price.outputPerMillion, cacheWrite5mPerMillion: price.cacheWrite5mPerMillion, cacheReadPerMillion: price.cacheReadPerMillion }]
      : [];
  });
}

/** A report over a window around the test run (ClickHouse times are whole seconds). */
export async function runWindowReport(store: ClickHouseStore, name: string, startedAt: number, parameters: Record<string, unknown> = {}): Promise<ReportRow[]> {
  const report = await runReport(store, name, { from: new Date(startedAt - 3_600_000), to: new Date(Date.now() + 3_600_000), ...parameters });
  return report.rows;
}
