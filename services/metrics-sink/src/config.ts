import { PolicyTopicEnvironmentSchema, TopicEnvironmentSchema, type TopicNames } from "@switchyard/contracts";
import { loadRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import {
  booleanFlag,
  CommonEnvironmentSchema,
  ConfigurationError,
  integerSetting,
  numberSetting,
  parseEnvironment,
  portSetting,
  type Environment,
} from "@switchyard/platform";
import { ClickHouseEnvironmentSchema, type ClickHouseEnvironment } from "@switchyard/clickhouse";
import { groupIdSetting, KafkaEnvironmentSchema, topicPartitionsSetting, type KafkaEnvironment } from "@switchyard/kafka";
import { TracingEnvironmentSchema, tracingOptionsFromEnvironment, type TracingOptions } from "@switchyard/tracing";
import { z } from "zod";
import { SINK_DEFAULTS } from "./sink-defaults";

const defaults = SINK_DEFAULTS;

const SinkEnvironmentSchema = CommonEnvironmentSchema.extend(KafkaEnvironmentSchema.shape)
  .extend(ClickHouseEnvironmentSchema.shape)
  .extend(TracingEnvironmentSchema.shape)
  .extend({
    SINK_GROUP_ID: groupIdSetting(defaults.groupId),
    SINK_BATCH_MAX_ROWS: integerSetting(defaults.batch.maxRows, 1, 1_000_000),
    SINK_BATCH_MAX_WAIT_MS: integerSetting(defaults.batch.maxWaitMs, 1, 600_000),
    SINK_MAX_BUFFERED_ROWS: integerSetting(defaults.batch.maxBufferedRows, 1, 10_000_000),
    SINK_CONCURRENT_BATCHES: integerSetting(defaults.batch.maxConcurrentBatches, 1, 16),
    SINK_RETRY_INITIAL_DELAY_MS: integerSetting(defaults.batch.retry.initialDelayMs, 1, 600_000),
    SINK_RETRY_MAX_DELAY_MS: integerSetting(defaults.batch.retry.maxDelayMs, 1, 3_600_000),
    SINK_MAX_EVENT_BYTES: integerSetting(defaults.maxEventBytes, 1_024, 100 * 1024 * 1024),
    SINK_TOPIC_PARTITIONS: topicPartitionsSetting(defaults.topicPartitions),
    ALERTS_ENABLED: booleanFlag(defaults.alerts.enabled),
    ALERTS_INTERVAL_MS: integerSetting(defaults.alerts.intervalMs, 1_000, 86_400_000),
    /** Standard deviations from the trailing baseline that make an hour anomalous. */
    ALERTS_K_SIGMA: numberSetting(defaults.alerts.kSigma, 0.1, 100),
    /** Where alerts of llm.alerts are posted; none: alerts stay on the topic. */
    ALERTS_WEBHOOK_URL: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.url({ protocol: /^https?$/, message: "expected an http(s) URL" }).optional(),
    ),
    ALERTS_WEBHOOK_FORMAT: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(["json", "slack"], { message: "expected json or slack" }).default("json"),
    ),
    ALERTS_WEBHOOK_TIMEOUT_MS: integerSetting(10_000, 100, 600_000),
    ALERTS_WEBHOOK_GROUP_ID: groupIdSetting("switchyard-alert-webhook"),
    METRICS_PORT: portSetting(defaults.metricsPort),
  });

export interface SinkConfig {
  logLevel: string;
  /** STARTUP_MAX_WAIT_MS: how long the start waits for its dependencies before exiting. */
  startupMaxWaitMs: number;
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
  /** The routing config: its `policy.autoApply` runs the policy controller beside the sink. */
  routing: RoutingConfig;
  policyTopic: string;
  /** OpenTelemetry tracing; null (off) unless an OTLP endpoint is configured. */
  tracing: TracingOptions | null;
}

export function loadSinkConfig(environment: Environment): SinkConfig {
  const parsed = parseEnvironment(SinkEnvironmentSchema, environment);
  // Settings that are fine alone and impossible together: refused at start, not at the first batch.
  if (parsed.SINK_MAX_BUFFERED_ROWS < parsed.SINK_BATCH_MAX_ROWS) {
    throw new ConfigurationError(
      "SINK_MAX_BUFFERED_ROWS",
      `${parsed.SINK_MAX_BUFFERED_ROWS} is smaller than one batch (SINK_BATCH_MAX_ROWS ${parsed.SINK_BATCH_MAX_ROWS})`,
    );
  }
  if (parsed.SINK_RETRY_MAX_DELAY_MS < parsed.SINK_RETRY_INITIAL_DELAY_MS) {
    throw new ConfigurationError(
      "SINK_RETRY_MAX_DELAY_MS",
      `${parsed.SINK_RETRY_MAX_DELAY_MS} is smaller than SINK_RETRY_INITIAL_DELAY_MS (${parsed.SINK_RETRY_INITIAL_DELAY_MS})`,
    );
  }
  return {
    logLevel: parsed.LOG_LEVEL,
    startupMaxWaitMs: parsed.STARTUP_MAX_WAIT_MS,
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
    webhook: parsed.ALERTS_WEBHOOK_URL
      ? {
          url: parsed.ALERTS_WEBHOOK_URL,
          format: parsed.ALERTS_WEBHOOK_FORMAT,
          timeoutMs: parsed.ALERTS_WEBHOOK_TIMEOUT_MS,
          groupId: parsed.ALERTS_WEBHOOK_GROUP_ID,
        }
      : null,
    metricsPort: parsed.METRICS_PORT,
    tracing: tracingOptionsFromEnvironment(parsed, "switchyard-metrics-sink"),
  };
}
