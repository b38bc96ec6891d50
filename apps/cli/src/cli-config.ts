import { PolicyTopicEnvironmentSchema, TopicEnvironmentSchema, type TopicNames } from "@switchyard/contracts";
import {
  AnthropicEnvironmentSchema,
  ClickHouseEnvironmentSchema,
  CommonEnvironmentSchema,
  integerSetting,
  KafkaEnvironmentSchema,
  logLevelSetting,
  parseEnvironment,
  type ClickHouseEnvironment,
  type Environment,
  type KafkaEnvironment,
} from "@switchyard/platform";
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
    SWITCHYARD_TOPIC_PARTITIONS: integerSetting(6, 1, 1_000),
    // `serve` joins the same consumer groups as the three services.
    ROUTER_GROUP_ID: groupId(DEFAULT_GROUP_IDS.router),
    SHADOW_GROUP_ID: groupId(DEFAULT_GROUP_IDS.shadow),
    SINK_GROUP_ID: groupId(DEFAULT_GROUP_IDS.sink),
  });

function groupId(fallback: string) {
  return z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).max(249).default(fallback));
}

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
}

export function loadCliConfig(environment: Environment): CliConfig {
  const parsed = parseEnvironment(CliEnvironmentSchema, environment);
  return {
    logLevel: parsed.LOG_LEVEL,
    logContent: parsed.LOG_CONTENT,
    routingConfigPath: parsed.SWITCHYARD_CONFIG,
    kafka: {
      KAFKA_BROKERS: parsed.KAFKA_BROKERS,
      KAFKA_CLIENT_ID: parsed.KAFKA_CLIENT_ID,
      KAFKA_SSL: parsed.KAFKA_SSL,
      KAFKA_SSL_CA_FILE: parsed.KAFKA_SSL_CA_FILE,
      KAFKA_SSL_REJECT_UNAUTHORIZED: parsed.KAFKA_SSL_REJECT_UNAUTHORIZED,
      KAFKA_SASL_MECHANISM: parsed.KAFKA_SASL_MECHANISM,
      KAFKA_SASL_USERNAME: parsed.KAFKA_SASL_USERNAME,
      KAFKA_SASL_PASSWORD: parsed.KAFKA_SASL_PASSWORD,
    },
    kafkaTimeoutMs: parsed.SWITCHYARD_KAFKA_TIMEOUT_MS,
    topicPartitions: parsed.SWITCHYARD_TOPIC_PARTITIONS,
    topics: parseEnvironment(TopicEnvironmentSchema, environment),
    policyTopic: parseEnvironment(PolicyTopicEnvironmentSchema, environment),
    clickhouse: {
      CLICKHOUSE_URL: parsed.CLICKHOUSE_URL,
      CLICKHOUSE_USER: parsed.CLICKHOUSE_USER,
      CLICKHOUSE_PASSWORD: parsed.CLICKHOUSE_PASSWORD,
      CLICKHOUSE_DATABASE: parsed.CLICKHOUSE_DATABASE,
    },
    clickhouseTimeoutMs: parsed.SWITCHYARD_CLICKHOUSE_TIMEOUT_MS,
    anthropic: { apiKey: parsed.ANTHROPIC_API_KEY, baseUrl: parsed.ANTHROPIC_BASE_URL },
    groupIds: { router: parsed.ROUTER_GROUP_ID, shadow: parsed.SHADOW_GROUP_ID, sink: parsed.SINK_GROUP_ID },
  };
}
