import { readFileSync } from "node:fs";
import { ConfigurationError } from "@switchyard/platform";
import type { KafkaEnvironment } from "./kafka-environment";
import type { KafkaSaslOptions, KafkaTlsOptions, KafkaTransportOptions } from "./kafka-transport";
import type { TopicSettings } from "./resolve-topic-settings";

/**
 * createKafkaTransport's connection options from the parsed KAFKA_* settings.
 * The service parses the environment; this only maps it (and reads the CA file).
 */
export function kafkaOptionsFromEnvironment(
  environment: KafkaEnvironment,
  defaults: { clientId: string },
): Pick<KafkaTransportOptions, "brokers" | "clientId" | "ssl" | "sasl" | "topics"> {
  const sasl = saslOptions(environment);
  return {
    brokers: environment.KAFKA_BROKERS,
    clientId: environment.KAFKA_CLIENT_ID ?? defaults.clientId,
    ssl: tlsOptions(environment),
    ...(sasl ? { sasl } : {}),
    topics: topicSettings(environment),
  };
}

function topicSettings(environment: KafkaEnvironment): TopicSettings {
  const settings: TopicSettings = {};
  if (environment.KAFKA_TOPIC_REPLICATION_FACTOR !== undefined) settings.replicationFactor = environment.KAFKA_TOPIC_REPLICATION_FACTOR;
  if (environment.KAFKA_TOPIC_MIN_INSYNC_REPLICAS !== undefined) settings.minInsyncReplicas = environment.KAFKA_TOPIC_MIN_INSYNC_REPLICAS;
  if (environment.KAFKA_TOPIC_RETENTION_MS !== undefined) settings.retentionMs = environment.KAFKA_TOPIC_RETENTION_MS;
  if (environment.KAFKA_TOPIC_COMPRESSION !== undefined) settings.compressionType = environment.KAFKA_TOPIC_COMPRESSION;
  return settings;
}

function tlsOptions(environment: KafkaEnvironment): false | KafkaTlsOptions {
  if (!environment.KAFKA_SSL && environment.KAFKA_SSL_CA_FILE === undefined) return false;
  const options: KafkaTlsOptions = { rejectUnauthorized: environment.KAFKA_SSL_REJECT_UNAUTHORIZED };
  if (environment.KAFKA_SSL_CA_FILE !== undefined) options.ca = [readCertificate(environment.KAFKA_SSL_CA_FILE)];
  return options;
}

function readCertificate(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigurationError("KAFKA_SSL_CA_FILE", `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
}

function saslOptions(environment: KafkaEnvironment): KafkaSaslOptions | undefined {
  const mechanism = environment.KAFKA_SASL_MECHANISM;
  if (mechanism === undefined) {
    if (environment.KAFKA_SASL_USERNAME !== undefined) {
      throw new ConfigurationError("KAFKA_SASL_MECHANISM", "required when KAFKA_SASL_USERNAME is set (plain, scram-sha-256 or scram-sha-512)");
    }
    return undefined;
  }
  if (environment.KAFKA_SASL_USERNAME === undefined) throw new ConfigurationError("KAFKA_SASL_USERNAME", `required when KAFKA_SASL_MECHANISM is ${mechanism}`);
  if (environment.KAFKA_SASL_PASSWORD === undefined) throw new ConfigurationError("KAFKA_SASL_PASSWORD", `required when KAFKA_SASL_MECHANISM is ${mechanism}`);
  return { mechanism, username: environment.KAFKA_SASL_USERNAME, password: environment.KAFKA_SASL_PASSWORD };
}
