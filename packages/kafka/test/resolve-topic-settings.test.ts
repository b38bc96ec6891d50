import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigurationError, parseEnvironment } from "@switchyard/platform";
import { KafkaEnvironmentSchema, kafkaOptionsFromEnvironment, resolveTopicSettings } from "../src/index";

test("default replication: min(3, brokers); min ISR 2 only at factor 3", () => {
  assert.deepEqual(resolveTopicSettings({}, 1), { replicationFactor: 1, configs: {} });
  assert.deepEqual(resolveTopicSettings({}, 2), { replicationFactor: 2, configs: {} });
  assert.deepEqual(resolveTopicSettings({}, 3), { replicationFactor: 3, configs: { "min.insync.replicas": "2" } });
  assert.deepEqual(resolveTopicSettings({}, 7), { replicationFactor: 3, configs: { "min.insync.replicas": "2" } });
});

test("explicit settings win; retention and compression become topic configs", () => {
  assert.deepEqual(resolveTopicSettings({ replicationFactor: 5, minInsyncReplicas: 3, retentionMs: 86_400_000, compressionType: "zstd" }, 3), {
    replicationFactor: 5,
    configs: { "min.insync.replicas": "3", "retention.ms": "86400000", "compression.type": "zstd" },
  });
  assert.deepEqual(resolveTopicSettings({ replicationFactor: 2 }, 3), { replicationFactor: 2, configs: {} });
});

test("a min ISR above the replication factor is refused (every acks=all write would fail)", () => {
  assert.throws(
    () => resolveTopicSettings({ minInsyncReplicas: 2 }, 1),
    (error: unknown) => error instanceof ConfigurationError,
  );
});

test("KAFKA_TOPIC_* settings reach the transport options; bad values are refused at parse", () => {
  const environment = parseEnvironment(KafkaEnvironmentSchema, {
    KAFKA_TOPIC_REPLICATION_FACTOR: "3",
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: "2",
    KAFKA_TOPIC_RETENTION_MS: "-1",
    KAFKA_TOPIC_COMPRESSION: "lz4",
  });
  assert.deepEqual(kafkaOptionsFromEnvironment(environment, { clientId: "c" }).topics, {
    replicationFactor: 3,
    minInsyncReplicas: 2,
    retentionMs: -1,
    compressionType: "lz4",
  });
  assert.throws(() => parseEnvironment(KafkaEnvironmentSchema, { KAFKA_TOPIC_COMPRESSION: "brotli" }), ConfigurationError);
  assert.throws(() => parseEnvironment(KafkaEnvironmentSchema, { KAFKA_TOPIC_REPLICATION_FACTOR: "0" }), ConfigurationError);
});
