import {
  applyMigrations,
  classifyClickHouseStartupError,
  createBatchWriter,
  mapShadowEventToRow,
  mapUsageEventToRow,
  type ClickHouseStore,
} from "@switchyard/clickhouse";
import type { ShadowEvent, TopicNames, UsageEvent } from "@switchyard/contracts";
import { runConsumerLoop, type ConsumerLoop, type Transport } from "@switchyard/kafka";
import type { Logger, Registry, StartupWait } from "@switchyard/platform";
import type { Tracing } from "@switchyard/tracing";
import { createSinkHandler } from "./sink-handler";
import { traceBatchWriter } from "./trace-batch-writer";

export interface StartSinkOptions {
  transport: Transport;
  store: ClickHouseStore;
  topics: TopicNames;
  groupId: string;
  batch: { maxRows: number; maxWaitMs: number; maxBufferedRows: number; maxConcurrentBatches?: number; retry: { initialDelayMs: number; maxDelayMs: number } };
  maxEventBytes: number;
  logger: Logger;
  registry?: Registry;
  /** The service's start: ClickHouse is waited for (not ready, still loading) within its bounded wait. */
  startup?: StartupWait;
  /** OpenTelemetry tracing (off when absent). */
  tracing?: Tracing;
}

export interface Sink {
  loop: ConsumerLoop;
  /** Stops consuming, writes what is buffered, and commits only what was written. */
  stop(): Promise<void>;
}

/** Applies the migrations, then consumes usage and shadow events into ClickHouse. */
export async function startSink(options: StartSinkOptions): Promise<Sink> {
  const logger = options.logger.child({ component: "metrics-sink" });
  const migrate = () => applyMigrations(options.store, { logger });
  await (options.startup ? options.startup.until("clickhouse", migrate, classifyClickHouseStartupError) : migrate());
  const usageWriter = createBatchWriter<UsageEvent, ReturnType<typeof mapUsageEventToRow>>({
    store: options.store,
    table: "llm_usage",
    mapRow: mapUsageEventToRow,
    ...options.batch,
    dedupe: { idColumn: "event_id", timeColumn: "ts" },
    logger: logger.child({ table: "llm_usage" }),
  });
  const shadowWriter = createBatchWriter<ShadowEvent, ReturnType<typeof mapShadowEventToRow>>({
    store: options.store,
    table: "llm_shadow",
    mapRow: mapShadowEventToRow,
    ...options.batch,
    dedupe: { idColumn: "event_id" },
    logger: logger.child({ table: "llm_shadow" }),
  });
  const tracer = options.tracing?.tracer;
  const loop = await runConsumerLoop({
    transport: options.transport,
    groupId: options.groupId,
    topics: [options.topics.usage, options.topics.shadow],
    handler: createSinkHandler({
      topics: options.topics,
      usageWriter: tracer ? traceBatchWriter(usageWriter, tracer, "llm_usage") : usageWriter,
      shadowWriter: tracer ? traceBatchWriter(shadowWriter, tracer, "llm_shadow") : shadowWriter,
      maxEventBytes: options.maxEventBytes,
    }),
    // Every buffered row is an in-flight message: this bounds memory while ClickHouse is away.
    maxInFlight: options.batch.maxBufferedRows,
    deadLetterTopic: options.topics.deadLetters,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.tracing ? { tracing: options.tracing.messages } : {}),
  });
  return {
    loop,
    async stop() {
      await loop.stop();
      await Promise.all([usageWriter.close(), shadowWriter.close()]);
    },
  };
}
