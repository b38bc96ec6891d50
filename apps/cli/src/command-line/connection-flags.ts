import type { OptionSpecification } from "./command";

/** Kafka connection flags (as kcat's -b): they override the environment for one command. */
export const KAFKA_CONNECTION_OPTIONS: Record<string, OptionSpecification> = {
  brokers: { type: "string", short: "b", valueName: "HOST:PORT[,…]", description: "Kafka brokers (overrides KAFKA_BROKERS)" },
};

/** ClickHouse connection flags (as clickhouse-client's); the password stays in CLICKHOUSE_PASSWORD, out of `ps`. */
export const CLICKHOUSE_CONNECTION_OPTIONS: Record<string, OptionSpecification> = {
  "clickhouse-url": { type: "string", valueName: "URL", description: "ClickHouse HTTP URL (overrides CLICKHOUSE_URL)" },
  "clickhouse-user": { type: "string", valueName: "USER", description: "ClickHouse user (overrides CLICKHOUSE_USER)" },
  "clickhouse-database": { type: "string", valueName: "DB", description: "ClickHouse database (overrides CLICKHOUSE_DATABASE)" },
};
