import { TopicEnvironmentSchema, type TopicNames } from "@switchyard/contracts";
import {
  booleanFlag,
  ClickHouseEnvironmentSchema,
  CommonEnvironmentSchema,
  integerSetting,
  KafkaEnvironmentSchema,
  numberSetting,
  parseEnvironment,
  type ClickHouseEnvironment,
  type Environment,
  type KafkaEnvironment,
} from "@switchyard/platform";
import { z } from "zod";

const SinkEnvironmentSchema = CommonEnvironmentSchema.extend(KafkaEnvironmentSchema.shape)
  .extend(ClickHouseEnvironmentSchema.shape)
  .extend({
    SINK_GROUP_ID: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).default("switchyard-metrics-sink")),
    /** Rows per insert: ClickHouse wants few large inserts. */
    SINK_BATCH_MAX_ROWS: integerSetting(5_000, 1, 1_000_000),
    /** The longest a row waits for its batch. */
    SINK_BATCH_MAX_WAIT_MS: integerSetting(1_000, 1, 600_000),
    /** Events buffered or being inserted at most; the consumer pauses at this many in flight. */
    SINK_MAX_BUFFERED_ROWS: integerSetting(40_000, 1, 10_000_000),
    /** Batches per table looked up and inserted at once: ClickHouse works on one while the next is built. */
    SINK_CONCURRENT_BATCHES: integerSetting(3, 1, 16),
    SINK_RETRY_INITIAL_DELAY_MS: integerSetting(250, 1, 600_000),
    SINK_RETRY_MAX_DELAY_MS: integerSetting(10_000, 1, 3_600_000),
    SINK_MAX_EVENT_BYTES: integerSetting(4 * 1024 * 1024, 1_024, 100 * 1024 * 1024),
    SINK_TOPIC_PARTITIONS: integerSetting(6, 1, 1_000),
    /** The anomaly detector; on by default (the sink always has ClickHouse). */
    ALERTS_ENABLED: booleanFlag(true),
    ALERTS_INTERVAL_MS: integerSetting(300_000, 1_000, 86_400_000),
    /** Standard deviations from the trailing baseline that make an hour anomalous. */
    ALERTS_K_SIGMA: numberSetting(3, 0.1, 100),
    /** Where alerts of llm.alerts are posted; none: alerts stay on the topic. */
    ALERTS_WEBHOOK_URL: z.preprocess((value) => (value === "" ? undefined : value), z.url({ protocol: /^https?$/, message: "expected an http(s) URL" }).optional()),
    ALERTS_WEBHOOK_FORMAT: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["json", "slack"], { message: "expected json or slack" }).default("json")),
    ALERTS_WEBHOOK_TIMEOUT_MS: integerSetting(10_000, 100, 600_000),
    ALERTS_WEBHOOK_GROUP_ID: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).default("switchyard-alert-webhook")),
    METRICS_PORT: integerSetting(9466, 0, 65_535),
  });

export interface SinkConfig {
  logLevel: string;
  kafka: KafkaEnvironment;
  clickhouse: ClickHouseEnvironment;
  topics: TopicNames;
  groupId: string;
  batch: { maxRows: number; maxWaitMs: number; maxBufferedRows: number; maxConcurrentBatches: number; retry: { initialDelayMs: number; maxDelayMs: number } };
  maxEventBytes: number;
  topicPartitions: number;
  alerts: { enabled: boolean; intervalMs: number; kSigma: number };
  webhook: { url: string; format: "json" | "slack"; timeoutMs: number; groupId: string } | null;
  metricsPort: number;
}

export function loadSinkConfig(environment: Environment): SinkConfig {
  const parsed = parseEnvironment(SinkEnvironmentSchema, environment);
  return {
    logLevel: parsed.LOG_LEVEL,
    kafka: KafkaEnvironmentSchema.parse(environment),
    clickhouse: ClickHouseEnvironmentSchema.parse(environment),
    topics: parseEnvironment(TopicEnvironmentSchema, environment),
    groupId: parsed.SINK_GROUP_ID,
    batch: {
      maxRows: parsed.SINK_BATCH_MAX_ROWS,
      maxWaitMs: parsed.SINK_BATCH_MAX_WAIT_MS,
      maxBufferedRows: parsed.SINK_MAX_BUFFERED_ROWS,
      maxConcurrentBatches: parsed.SINK_CONCURRENT_BATCHES,
      retry: { initialDelayMs: parsed.SINK_RETRY_INITIAL_DELAY_MS, maxDelayMs: parsed.SINK_RETRY_MAX_DELAY_MS },
    },
    maxEventBytes: parsed.SINK_MAX_EVENT_BYTES,
    topicPartitions: parsed.SINK_TOPIC_PARTITIONS,
    alerts: { enabled: parsed.ALERTS_ENABLED, intervalMs: parsed.ALERTS_INTERVAL_MS, kSigma: parsed.ALERTS_K_SIGMA },
    webhook: parsed.ALERTS_WEBHOOK_URL
      ? { url: parsed.ALERTS_WEBHOOK_URL, format: parsed.ALERTS_WEBHOOK_FORMAT, timeoutMs: parsed.ALERTS_WEBHOOK_TIMEOUT_MS, groupId: parsed.ALERTS_WEBHOOK_GROUP_ID }
      : null,
    metricsPort: parsed.METRICS_PORT,
  };
}
