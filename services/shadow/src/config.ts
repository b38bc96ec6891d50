import { DEFAULT_MAX_TASK_BYTES, PolicyTopicEnvironmentSchema, TopicEnvironmentSchema, type TopicNames } from "@switchyard/contracts";
import { CommonEnvironmentSchema, integerSetting, parseEnvironment, portSetting, type Environment } from "@switchyard/platform";
import { AnthropicEnvironmentSchema, resolveModelEndpoint, type ModelEndpoint } from "@switchyard/llm";
import {
  consumerSessionSettings,
  groupIdSetting,
  KafkaEnvironmentSchema,
  sessionTimeoutSetting,
  topicPartitionsSetting,
  type KafkaEnvironment,
} from "@switchyard/kafka";
import { loadRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import { TracingEnvironmentSchema, tracingOptionsFromEnvironment, type TracingOptions } from "@switchyard/tracing";
import { SHADOW_DEFAULTS } from "./shadow-defaults";

const defaults = SHADOW_DEFAULTS;

const ShadowEnvironmentSchema = CommonEnvironmentSchema.extend(KafkaEnvironmentSchema.shape)
  .extend(AnthropicEnvironmentSchema.shape)
  .extend(TracingEnvironmentSchema.shape)
  .extend({
    SHADOW_GROUP_ID: groupIdSetting(defaults.groupId),
    SHADOW_MAX_IN_FLIGHT: integerSetting(defaults.maxInFlight, 1, 10_000),
    SHADOW_ATTEMPT_TIMEOUT_MS: integerSetting(defaults.retryPolicy.attemptTimeoutMs, 100, 3_600_000),
    SHADOW_MAX_ATTEMPTS_PER_MODEL: integerSetting(defaults.retryPolicy.maxAttempts, 1, 20),
    SHADOW_TOPIC_PARTITIONS: topicPartitionsSetting(defaults.topicPartitions),
    SHADOW_SESSION_TIMEOUT_MS: sessionTimeoutSetting(defaults.sessionTimeoutMs),
    METRICS_PORT: portSetting(defaults.metricsPort),
  });

export interface ShadowConfig {
  logLevel: string;
  /** STARTUP_MAX_WAIT_MS: how long the start waits for its dependencies before exiting. */
  startupMaxWaitMs: number;
  logContent: boolean;
  kafka: KafkaEnvironment;
  topics: TopicNames;
  /** TOPIC_POLICY: the live routing policy the shadow follows (default llm.policy). */
  policyTopic: string;
  groupId: string;
  maxInFlight: number;
  topicPartitions: number;
  /** Consumer group session timeout; heartbeats go out at a third of it (at most every 3 s). */
  consumer: { sessionTimeoutMs: number; heartbeatIntervalMs: number };
  metricsPort: number;
  attemptTimeoutMs: number;
  maxAttemptsPerModel: number;
  anthropic: ModelEndpoint;
  routing: RoutingConfig;
  /** OpenTelemetry tracing; null (off) unless an OTLP endpoint is configured. */
  tracing: TracingOptions | null;
}

export function loadShadowConfig(environment: Environment): ShadowConfig {
  const parsed = parseEnvironment(ShadowEnvironmentSchema, environment);
  return {
    logLevel: parsed.LOG_LEVEL,
    startupMaxWaitMs: parsed.STARTUP_MAX_WAIT_MS,
    logContent: parsed.LOG_CONTENT,
    kafka: KafkaEnvironmentSchema.parse(environment),
    topics: parseEnvironment(TopicEnvironmentSchema, environment),
    policyTopic: parseEnvironment(PolicyTopicEnvironmentSchema, environment),
    groupId: parsed.SHADOW_GROUP_ID,
    maxInFlight: parsed.SHADOW_MAX_IN_FLIGHT,
    topicPartitions: parsed.SHADOW_TOPIC_PARTITIONS,
    consumer: consumerSessionSettings(parsed.SHADOW_SESSION_TIMEOUT_MS),
    metricsPort: parsed.METRICS_PORT,
    attemptTimeoutMs: parsed.SHADOW_ATTEMPT_TIMEOUT_MS,
    maxAttemptsPerModel: parsed.SHADOW_MAX_ATTEMPTS_PER_MODEL,
    anthropic: resolveModelEndpoint(parsed),
    routing: loadRoutingConfig(parsed.SWITCHYARD_CONFIG),
    tracing: tracingOptionsFromEnvironment(parsed, "switchyard-shadow"),
  };
}

/** A candidate carries the task and its answer: twice the task limit. */
export const MAX_CANDIDATE_BYTES = 2 * DEFAULT_MAX_TASK_BYTES + 64 * 1024;
