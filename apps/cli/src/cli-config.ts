import { PolicyTopicEnvironmentSchema, TopicEnvironmentSchema, type TopicNames } from "@switchyard/contracts";
import { CommonEnvironmentSchema, integerSetting, logLevelSetting, parseEnvironment, type Environment } from "@switchyard/platform";
import { AnthropicEnvironmentSchema } from "@switchyard/llm";
import { ClickHouseEnvironmentSchema, type ClickHouseEnvironment } from "@switchyard/clickhouse";
import { groupIdSetting, KafkaEnvironmentSchema, topicPartitionsSetting, type KafkaEnvironment } from "@switchyard/kafka";
import { z } from "zod";
import { DEFAULT_GROUP_IDS } from "./embedded/start-pipeline";

/**
 * The command line's one configuration module: every environment variable it
 * reads, parsed at start with the platform's fragments. A bad value becomes a
 * ConfigurationError naming the variable (one line, exit 2).
 */
const CliEnvironmentSchema = CommonEnvironmentSchema.extend(KafkaEnvironmentSchema.shape)
  .extend(ClickHouseEnvironmentSchema.shape)
  .extend(AnthropicEnvironmentSchema.shape)
  .extend({
    // Quiet by default: the command's own output is what the user reads.
    LOG_LEVEL: z.preprocess((value) => (value === undefined || value === "" ? "warn" : value), logLevelSetting()),
    /** How long the command line waits for a broker to answer before giving up with one line. */
    SWITCHYARD_KAFKA_TIMEOUT_MS: integerSetting(5_000, 100, 600_000),
    /** How long a ClickHouse request may take before the command gives up. */
    SWITCHYARD_CLICKHOUSE_TIMEOUT_MS: integerSetting(30_000, 100, 3_600_000),
    /** Partitions of the topics the command line creates when they are missing (the services' default). */
    SWITCHYARD_TOPIC_PARTITIONS: topicPartitionsSetting(6),
    // `serve` joins the same consumer groups as the three services.
    ROUTER_GROUP_ID: groupIdSetting(DEFAULT_GROUP_IDS.router),
    SHADOW_GROUP_ID: groupIdSetting(DEFAULT_GROUP_IDS.shadow),
    SINK_GROUP_ID: groupIdSetting(DEFAULT_GROUP_IDS.sink),
    /** The token `switchyard dashboard` requires on every request (when --token is not given). */
    SWITCHYARD_DASHBOARD_TOKEN: z.preprocess((value) => (value === "" ? undefined : value), z.string().max(1_000).optional()),
  });

export interface CliConfig {
  logLevel: string;
  logContent: boolean;
  /** SWITCHYARD_CONFIG: the routing config file, shared with the services. */
  routingConfigPath: string | undefined;
  kafka: KafkaEnvironment;
  kafkaTimeoutMs: number;
  topicPartitions: number;
  topics: TopicNames;
  /** TOPIC_POLICY: the live routing policy's topic. */
  policyTopic: string;
  clickhouse: ClickHouseEnvironment;
  clickhouseTimeoutMs: number;
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined };
  groupIds: Record<"router" | "shadow" | "sink", string>;
  dashboardToken: string | undefined;
}

export function loadCliConfig(environment: Environment): CliConfig {
  const parsed = parseEnvironment(CliEnvironmentSchema, environment);
  return {
    logLevel: parsed.LOG_LEVEL,
    logContent: parsed.LOG_CONTENT,
    routingConfigPath: parsed.SWITCHYARD_CONFIG,
    kafka: KafkaEnvironmentSchema.parse(environment),
    kafkaTimeoutMs: parsed.SWITCHYARD_KAFKA_TIMEOUT_MS,
    topicPartitions: parsed.SWITCHYARD_TOPIC_PARTITIONS,
    topics: parseEnvironment(TopicEnvironmentSchema, environment),
    policyTopic: parseEnvironment(PolicyTopicEnvironmentSchema, environment),
    clickhouse: ClickHouseEnvironmentSchema.parse(environment),
    clickhouseTimeoutMs: parsed.SWITCHYARD_CLICKHOUSE_TIMEOUT_MS,
    anthropic: { apiKey: parsed.ANTHROPIC_API_KEY, baseUrl: parsed.ANTHROPIC_BASE_URL },
    groupIds: { router: parsed.ROUTER_GROUP_ID, shadow: parsed.SHADOW_GROUP_ID, sink: parsed.SINK_GROUP_ID },
    dashboardToken: parsed.SWITCHYARD_DASHBOARD_TOKEN,
  };
}
