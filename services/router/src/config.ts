import { PolicyTopicEnvironmentSchema, TopicEnvironmentSchema } from "@switchyard/contracts";
import { CommonEnvironmentSchema, integerSetting, parseEnvironment, portSetting, type Environment } from "@switchyard/platform";
import { AnthropicEnvironmentSchema, resolveModelEndpoint, type ModelEndpoint } from "@switchyard/llm";
import { ClickHouseEnvironmentSchema } from "@switchyard/clickhouse";
import { consumerSessionSettings, groupIdSetting, KafkaEnvironmentSchema, sessionTimeoutSetting, topicPartitionsSetting } from "@switchyard/kafka";
import { loadRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import { TracingEnvironmentSchema, tracingOptionsFromEnvironment, type TracingOptions } from "@switchyard/tracing";
import type { TopicNames } from "@switchyard/contracts";
import { z } from "zod";
import { ROUTER_DEFAULTS } from "./router-defaults";

const defaults = ROUTER_DEFAULTS;

const RouterEnvironmentSchema = CommonEnvironmentSchema.extend(KafkaEnvironmentSchema.shape)
  .extend(AnthropicEnvironmentSchema.shape)
  .extend(ClickHouseEnvironmentSchema.shape)
  .extend(TracingEnvironmentSchema.shape)
  .extend({
    ROUTER_GROUP_ID: groupIdSetting(defaults.groupId),
    ROUTER_MAX_IN_FLIGHT: integerSetting(defaults.maxInFlight, 1, 10_000),
    ROUTER_ATTEMPT_TIMEOUT_MS: integerSetting(defaults.retryPolicy.attemptTimeoutMs, 100, 3_600_000),
    ROUTER_MAX_ATTEMPTS_PER_MODEL: integerSetting(defaults.retryPolicy.maxAttempts, 1, 20),
    ROUTER_RETRY_BASE_DELAY_MS: integerSetting(defaults.retryPolicy.baseDelayMs, 1, 600_000),
    ROUTER_RETRY_MAX_DELAY_MS: integerSetting(defaults.retryPolicy.maxDelayMs, 1, 3_600_000),
    ROUTER_MAX_RETRY_AFTER_MS: integerSetting(defaults.retryPolicy.maxRetryAfterMs, 0, 3_600_000),
    ROUTER_MAX_TASK_BYTES: integerSetting(defaults.maxTaskBytes, 1_024, 100 * 1024 * 1024),
    /** The largest shadow candidate published (raise it with the broker's message.max.bytes). */
    ROUTER_MAX_CANDIDATE_BYTES: integerSetting(defaults.maxCandidateBytes, 1_024, 100 * 1024 * 1024),
    ROUTER_TOPIC_PARTITIONS: topicPartitionsSetting(defaults.topicPartitions),
    ROUTER_SESSION_TIMEOUT_MS: sessionTimeoutSetting(defaults.sessionTimeoutMs),
    ROUTER_FETCH_MAX_BYTES_PER_PARTITION: integerSetting(defaults.fetchMaxBytesPerPartition, 1024, 64 * 1024 * 1024),
    METRICS_PORT: portSetting(defaults.metricsPort),
    /** Where tasks of a deferring budget wait; default `<TOPIC_TASKS>.deferred`. */
    ROUTER_DEFERRED_TOPIC: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,249}$/, { message: "expected a Kafka topic name" })
        .optional(),
    ),
  });

export interface RouterConfig {
  logLevel: string;
  /** STARTUP_MAX_WAIT_MS: how long the start waits for its dependencies before exiting. */
  startupMaxWaitMs: number;
  logContent: boolean;
  kafka: z.infer<typeof KafkaEnvironmentSchema>;
  topics: TopicNames;
  /** The live routing policy's compacted topic (TOPIC_POLICY). */
  policyTopic: string;
  groupId: string;
  maxInFlight: number;
  maxTaskBytes: number;
  maxCandidateBytes: number;
  topicPartitions: number;
  /** Consumer group session timeout; heartbeats go out at a third of it (at most every 3 s). */
  consumer: { sessionTimeoutMs: number; heartbeatIntervalMs: number; maxBytesPerPartition: number };
  metricsPort: number;
  anthropic: ModelEndpoint;
  retry: { maxAttemptsPerModel: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number; attemptTimeoutMs: number };
  routing: RoutingConfig;
  /** Where budgets read the spend of every instance (only used when the routing config has budgets). */
  clickhouse: z.infer<typeof ClickHouseEnvironmentSchema>;
  deferredTopic: string;
  /** OpenTelemetry tracing; null (off) unless an OTLP endpoint is configured. */
  tracing: TracingOptions | null;
}

/** Reads the router's whole configuration once, at start. */
export function loadRouterConfig(environment: Environment): RouterConfig {
  const parsed = parseEnvironment(RouterEnvironmentSchema, environment);
  const topics = parseEnvironment(TopicEnvironmentSchema, environment);
  return {
    logLevel: parsed.LOG_LEVEL,
    startupMaxWaitMs: parsed.STARTUP_MAX_WAIT_MS,
    logContent: parsed.LOG_CONTENT,
    kafka: KafkaEnvironmentSchema.parse(environment),
    topics,
    policyTopic: parseEnvironment(PolicyTopicEnvironmentSchema, environment),
    groupId: parsed.ROUTER_GROUP_ID,
    maxInFlight: parsed.ROUTER_MAX_IN_FLIGHT,
    maxTaskBytes: parsed.ROUTER_MAX_TASK_BYTES,
    maxCandidateBytes: parsed.ROUTER_MAX_CANDIDATE_BYTES,
    topicPartitions: parsed.ROUTER_TOPIC_PARTITIONS,
    consumer: { ...consumerSessionSettings(parsed.ROUTER_SESSION_TIMEOUT_MS), maxBytesPerPartition: parsed.ROUTER_FETCH_MAX_BYTES_PER_PARTITION },
    metricsPort: parsed.METRICS_PORT,
    anthropic: resolveModelEndpoint(parsed),
    retry: {
      maxAttemptsPerModel: parsed.ROUTER_MAX_ATTEMPTS_PER_MODEL,
      baseDelayMs: parsed.ROUTER_RETRY_BASE_DELAY_MS,
      maxDelayMs: parsed.ROUTER_RETRY_MAX_DELAY_MS,
      maxRetryAfterMs: parsed.ROUTER_MAX_RETRY_AFTER_MS,
      attemptTimeoutMs: parsed.ROUTER_ATTEMPT_TIMEOUT_MS,
    },
    routing: loadRoutingConfig(parsed.SWITCHYARD_CONFIG),
    clickhouse: ClickHouseEnvironmentSchema.parse(environment),
    deferredTopic: parsed.ROUTER_DEFERRED_TOPIC ?? `${topics.tasks}.deferred`,
    tracing: tracingOptionsFromEnvironment(parsed, "switchyard-router"),
  };
}
