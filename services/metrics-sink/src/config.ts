import { PolicyTopicEnvironmentSchema, TopicEnvironmentSchema, type TopicNames } from "@switchyard/contracts";
import { loadRoutingConfig, type RoutingConfig } from "@switchyard/routing";
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
    ALERTS_ENABLED: booleanFlag(false),
    ALERTS_INTERVAL_MS: integerSetting(300_000, 1_000, 86_400_000),
    /** Standard deviations from the trailing baseline that make an hour anomalous. */
    ALERTS_K_SIGMA: numberSetting(3, 0.1, 100),
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
  metricsPort: number;
  /** The routing config: its `policy.autoApply` runs the policy controller beside the sink. */
  routing: RoutingConfig;
  policyTopic: string;
}

export function loadSinkConfig(environment: Environment): SinkConfig {
  const parsed = parseEnvironment(SinkEnvironmentSchema, environment);
  return {
    logLevel: parsed.LOG_LEVEL,
    kafka: KafkaEnvironmentSchema.parse(environment),
    clickhouse: ClickHouseEnvironmentSchema.parse(environment),
    topics: parseEnvironment(TopicEnvironmentSchema, environment),
    routing: loadRoutingConfig(parsed.SWITCHYARD_CONFIG),
    policyTopic: parseEnvironment(PolicyTopicEnvironmentSchema, environment),
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
    metricsPort: parsed.METRICS_PORT,
  };
}
