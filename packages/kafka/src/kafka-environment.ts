import { booleanFlag, emptyToUndefined, integerSetting, isPortNumber, optionalInteger, optionalString } from "@switchyard/platform";
import { z } from "zod";

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((broker) => broker.trim())
      .filter((broker) => broker.length > 0),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[^\s:]+:\d{1,5}$/, { message: "expected host:port[,host:port...]" })
          .refine((broker) => isPortNumber(broker.slice(broker.lastIndexOf(":") + 1)), { message: "expected a port from 1 to 65535" }),
      )
      .min(1, { message: "expected at least one host:port" }),
  );

/** KAFKA_* variables: brokers, client id, SASL and TLS. A service's schema extends it; kafkaOptionsFromEnvironment maps it. */
export const KafkaEnvironmentSchema = z.object({
  KAFKA_BROKERS: z.preprocess(emptyToUndefined, brokerList.default(["127.0.0.1:9092"])),
  KAFKA_CLIENT_ID: optionalString(),
  KAFKA_SSL: booleanFlag(false),
  KAFKA_SSL_CA_FILE: optionalString(),
  KAFKA_SSL_REJECT_UNAUTHORIZED: booleanFlag(true),
  KAFKA_SASL_MECHANISM: z.preprocess(
    emptyToUndefined,
    z.enum(["plain", "scram-sha-256", "scram-sha-512"], { message: "expected plain, scram-sha-256 or scram-sha-512" }).optional(),
  ),
  KAFKA_SASL_USERNAME: optionalString(),
  KAFKA_SASL_PASSWORD: optionalString(),
  // Topics the services create: replication factor (default min(3, brokers)), min ISR (default 2 at factor 3), retention, compression.
  KAFKA_TOPIC_REPLICATION_FACTOR: optionalInteger(1, 32_767),
  KAFKA_TOPIC_MIN_INSYNC_REPLICAS: optionalInteger(1, 32_767),
  KAFKA_TOPIC_RETENTION_MS: optionalInteger(-1, Number.MAX_SAFE_INTEGER),
  KAFKA_TOPIC_COMPRESSION: z.preprocess(
    emptyToUndefined,
    z.enum(["producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"], { message: "expected producer, uncompressed, gzip, snappy, lz4 or zstd" }).optional(),
  ),
});
export type KafkaEnvironment = z.infer<typeof KafkaEnvironmentSchema>;

/** A service's consumer group id variable (empty counts as unset). */
export const groupIdSetting = (fallback: string) => z.preprocess(emptyToUndefined, z.string().min(1).max(249).default(fallback));

/** Partitions of the topics a service creates when they are missing. */
export const topicPartitionsSetting = (fallback: number) => integerSetting(fallback, 1, 1_000);

/** How soon the group gives a crashed instance's partitions to another (the broker allows 6 s to 30 min by default). */
export const sessionTimeoutSetting = (fallback: number) => integerSetting(fallback, 1_000, 3_600_000);
