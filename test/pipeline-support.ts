import { createServerStore, runReport, type ClickHouseStore, type ReportRow } from "@switchyard/clickhouse";
import type { TopicNames } from "@switchyard/contracts";
import type { ConsumerLoop, IncomingMessage, Transport } from "@switchyard/kafka";
import { createAnthropicProvider, createPricingCatalog, DEFAULT_RETRY_POLICY, type RetryPolicy } from "@switchyard/llm";
import { startSink, type Sink } from "@switchyard/metrics-sink";
import { startModelSimulator, type ModelSimulator, type SimulatorConfigInput } from "@switchyard/model-simulator";
import { createPolicyStore, followPolicy, type PolicyStore } from "@switchyard/policy";
import { startRouter } from "@switchyard/router";
import type { RoutingConfig } from "@switchyard/routing";
import { startShadow } from "@switchyard/shadow";
import type { Tracing } from "@switchyard/tracing";
import { CLICKHOUSE_URL, KafkaTestBed, uniqueDatabaseName } from "@switchyard/test-support";

/**
 * One attempt per model, and a timeout no test reaches: the simulator shares this
 * process with the router, the shadow consumer and the sink, and when the process is
 * saturated some of its calls wait seconds for the event loop (see startPipeline).
 */
export const TEST_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 20, attemptTimeoutMs: 60_000 };

/** A waitForMessages condition: `count` distinct keys seen, counted as messages arrive (not rescanned). */
export function untilDistinctKeys(count: number): (seen: readonly IncomingMessage[]) => boolean {
  const keys = new Set<string | null>();
  let read = 0;
  return (seen) => {
    for (; read < seen.length; read += 1) keys.add(seen[read]?.key ?? null);
    return keys.size >= count;
  };
}

/**
 * The Kafka test bed, plus what a pipeline test makes on the ClickHouse
 * server (databases) and a simulator; clean() removes it all.
 */
export class PipelineTestBed extends KafkaTestBed {
  constructor() {
    super("switchyard-pipeline-it");
  }

  /** A store on a new, uniquely named database (created by the sink's migrations), dropped at clean(). */
  newStore(): ClickHouseStore {
    const database = uniqueDatabaseName("switchyard_it");
    const store = createServerStore({ url: CLICKHOUSE_URL, database, logger: this.logger });
    this.onClean(async () => {
      await store.command(`DROP DATABASE IF EXISTS ${database}`).catch(() => undefined);
      await store.close();
    });
    return store;
  }

  async startSimulator(config: SimulatorConfigInput): Promise<ModelSimulator> {
    const simulator = await startModelSimulator({ port: 0, config });
    this.onClean(() => simulator.close());
    return simulator;
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
  /**
   * The live policy topic: the router and the shadow each follow it with their
   * own store, and with `policy.autoApply` the sink runs the controller, as
   * their Kafka services do.
   */
  policyTopic?: string;
  /** OpenTelemetry tracing per service (off for a service without one). */
  tracing?: Partial<Record<"router" | "shadow" | "sink", Tracing>>;
}

export interface Pipeline {
  transport: Transport;
  router: ConsumerLoop;
  shadow: ConsumerLoop | null;
  sink: Sink;
  shadowGroupId: string;
  /** With `policyTopic`: the router's and the shadow's stores of it. */
  policy: { router: PolicyStore; shadow: PolicyStore } | null;
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
  const provider = createAnthropicProvider({ apiKey: "test-key", baseUrl: options.simulator.url, logger: bed.logger });
  const retryPolicy = options.retryPolicy ?? TEST_RETRY_POLICY;
  const sink = await startSink({
    transport,
    store: options.store,
    topics,
    groupId: bed.newGroup("sink"),
    batch: { maxRows: 2_000, maxWaitMs: 200, maxBufferedRows: 10_000, retry: { initialDelayMs: 100, maxDelayMs: 1_000 } },
    maxEventBytes: 4 * 1024 * 1024,
    logger: bed.logger,
    ...(options.tracing?.sink ? { tracing: options.tracing.sink } : {}),
  });
  bed.onClean(() => sink.stop());
  const policy = options.policyTopic ? await startPolicyStores(options, transport, options.policyTopic) : null;
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
      logger: bed.logger,
      ...(policy ? { policy: policy.shadow } : {}),
      ...(options.tracing?.shadow ? { tracing: options.tracing.shadow } : {}),
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
    logger: bed.logger,
    ...(policy ? { policy: policy.router.current } : {}),
    ...(options.tracing?.router ? { tracing: options.tracing.router } : {}),
  });
  bed.onClean(() => router.stop());
  return { transport, router, shadow, sink, shadowGroupId, policy };
}

async function startPolicyStores(options: PipelineOptions, transport: Transport, topic: string): Promise<{ router: PolicyStore; shadow: PolicyStore }> {
  const { bed, routing, topics } = options;
  const open = async (reader: string) => {
    const store = createPolicyStore({ transport: bed.newTransport(), topic, routing, deadLetterTopic: topics.deadLetters, logger: bed.logger, reader });
    await store.start();
    bed.onClean(() => store.stop());
    return store;
  };
  if (routing.policy.autoApply) {
    const control = await followPolicy({
      transport,
      policyTopic: topic,
      routing,
      deadLetterTopic: topics.deadLetters,
      logger: bed.logger,
      reader: "policy-controller",
      control: { evidenceStore: options.store, alertsTopic: topics.alerts },
    });
    bed.onClean(() => control.stop());
  }
  return { router: await open("router"), shadow: await open("shadow") };
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
export function catalogPrices(
  routing: RoutingConfig,
): Array<{ model: string; inputPerMillion: number; outputPerMillion: number; cacheWrite5mPerMillion: number; cacheReadPerMillion: number }> {
  const catalog = createPricingCatalog({ overrides: routing.pricing });
  return catalog.models().flatMap((model) => {
    const price = catalog.priceOf(model);
    return price
      ? [
          {
            model,
            inputPerMillion: price.inputPerMillion,
            outputPerMillion: price.outputPerMillion,
            cacheWrite5mPerMillion: price.cacheWrite5mPerMillion,
            cacheReadPerMillion: price.cacheReadPerMillion,
          },
        ]
      : [];
  });
}

/** A report over a window around the test run (ClickHouse times are whole seconds). */
export async function runWindowReport(store: ClickHouseStore, name: string, startedAt: number, parameters: Record<string, unknown> = {}): Promise<ReportRow[]> {
  const report = await runReport(store, name, { from: new Date(startedAt - 3_600_000), to: new Date(Date.now() + 3_600_000), ...parameters });
  return report.rows;
}
