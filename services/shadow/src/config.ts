import { consumerSessionSettings } from "@switchyard/kafka";
import { DEFAULT_MAX_TASK_BYTES, TopicEnvironmentSchema, type TopicNames } from "@switchyard/contracts";
import {
  AnthropicEnvironmentSchema,
  CommonEnvironmentSchema,
  integerSetting,
  KafkaEnvironmentSchema,
  parseEnvironment,
  resolveModelEndpoint,
  type Environment,
  type ModelEndpoint,
  type KafkaEnvironment,
} from "@switchyard/platform";
import { loadRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import { z } from "zod";
import { SHADOW_DEFAULTS } from "./shadow-defaults";

const defaults = SHADOW_DEFAULTS;

const ShadowEnvironmentSchema = CommonEnvironmentSchema.extend(KafkaEnvironmentSchema.shape)
  .extend(AnthropicEnvironmentSchema.shape)
  .extend({
    SHADOW_GROUP_ID: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).default(defaults.groupId)),
    SHADOW_MAX_IN_FLIGHT: integerSetting(defaults.maxInFlight, 1, 10_000),
    SHADOW_ATTEMPT_TIMEOUT_MS: integerSetting(defaults.retryPolicy.attemptTimeoutMs, 100, 3_600_000),
    SHADOW_MAX_ATTEMPTS_PER_MODEL: integerSetting(defaults.retryPolicy.maxAttempts, 1, 20),
    SHADOW_TOPIC_PARTITIONS: integerSetting(defaults.topicPartitions, 1, 1_000),
    /** How soon the group gives a crashed instance's partitions to another (the broker allows 6 s to 30 min by default). */
    SHADOW_SESSION_TIMEOUT_MS: integerSetting(defaults.sessionTimeoutMs, 1_000, 3_600_000),
    METRICS_PORT: integerSetting(defaults.metricsPort, 0, 65_535),
  });

export interface ShadowConfig {
  logLevel: string;
  /** STARTUP_MAX_WAIT_MS: how long the start waits for its dependencies before exiting. */
  startupMaxWaitMs: number;
  logContent: boolean;
  kafka: KafkaEnvironment;
  topics: TopicNames;
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
}

export function loadShadowConfig(environment: Environment): ShadowConfig {
  const parsed = parseEnvironment(ShadowEnvironmentSchema, environment);
  return {
    logLevel: parsed.LOG_LEVEL,
    startupMaxWaitMs: parsed.STARTUP_MAX_WAIT_MS,
    logContent: parsed.LOG_CONTENT,
    kafka: KafkaEnvironmentSchema.parse(environment),
    topics: parseEnvironment(TopicEnvironmentSchema, environment),
    groupId: parsed.SHADOW_GROUP_ID,
    maxInFlight: parsed.SHADOW_MAX_IN_FLIGHT,
    topicPartitions: parsed.SHADOW_TOPIC_PARTITIONS,
    consumer: consumerSessionSettings(parsed.SHADOW_SESSION_TIMEOUT_MS),
    metricsPort: parsed.METRICS_PORT,
    attemptTimeoutMs: parsed.SHADOW_ATTEMPT_TIMEOUT_MS,
    maxAttemptsPerModel: parsed.SHADOW_MAX_ATTEMPTS_PER_MODEL,
    anthropic: resolveModelEndpoint(parsed),
    routing: loadRoutingConfig(parsed.SWITCHYARD_CONFIG),
  };
}

/** A candidate carries the task and its answer: twice the task limit. */
export const MAX_CANDIDATE_BYTES = 2 * DEFAULT_MAX_TASK_BYTES + 64 * 1024;
