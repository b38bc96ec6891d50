import { createBatchWriter, mapAlertEventToRow, mapPolicyChangeToRow, type ClickHouseStore } from "@switchyard/clickhouse";
import type { AlertEvent, PolicyChangeEvent } from "@switchyard/contracts";
import { runConsumerLoop, type ConsumerLoop, type Transport } from "@switchyard/kafka";
import type { Logger, Registry } from "@switchyard/platform";
import { createHistoryHandler } from "./history-handler";
import type { StartSinkOptions } from "./start-sink";

export interface StartHistoryRecorderOptions {
  transport: Transport;
  /** Migrated already (the sink applies the migrations first). */
  store: ClickHouseStore;
  policyTopic: string;
  alertsTopic: string;
  deadLetterTopic: string;
  /** Its own group: history is recorded whatever the usage sink's progress. */
  groupId: string;
  batch: StartSinkOptions["batch"];
  maxEventBytes: number;
  logger: Logger;
  registry?: Registry;
}

export interface HistoryRecorder {
  loop: ConsumerLoop;
  /** Stops consuming, writes what is buffered, and commits only what was written. */
  stop(): Promise<void>;
}

/** Consumes the policy and alerts topics into llm_policy_changes and llm_alerts (see createHistoryHandler). */
export async function startHistoryRecorder(options: StartHistoryRecorderOptions): Promise<HistoryRecorder> {
  const logger = options.logger.child({ component: "history-recorder" });
  const policyWriter = createBatchWriter<PolicyChangeEvent, ReturnType<typeof mapPolicyChangeToRow>>({
    store: options.store,
    table: "llm_policy_changes",
    mapRow: mapPolicyChangeToRow,
    ...options.batch,
    dedupe: { idColumn: "change_id", timeColumn: "ts" },
    logger: logger.child({ table: "llm_policy_changes" }),
  });
  const alertWriter = createBatchWriter<AlertEvent, ReturnType<typeof mapAlertEventToRow>>({
    store: options.store,
    table: "llm_alerts",
    mapRow: mapAlertEventToRow,
    ...options.batch,
    // No time column: a detector that restarted raises the same finding (same id) at a later time.
    dedupe: { idColumn: "alert_id" },
    logger: logger.child({ table: "llm_alerts" }),
  });
  const loop = await runConsumerLoop({
    transport: options.transport,
    groupId: options.groupId,
    topics: [options.policyTopic, options.alertsTopic],
    handler: createHistoryHandler({ ...options, policyWriter, alertWriter }),
    maxInFlight: options.batch.maxBufferedRows,
    deadLetterTopic: options.deadLetterTopic,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  return {
    loop,
    async stop() {
      await loop.stop();
      await Promise.all([policyWriter.close(), alertWriter.close()]);
    },
  };
}
