import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from "kafkajs";
import { createKafkaTransport, type Transport } from "../src/index";
import { BROKERS, uniqueName } from "@switchyard/test-support";
import { silentLogger } from "./support";

let admin: Admin;
const topics: string[] = [];
const transports: Transport[] = [];

before(async () => {
  admin = new Kafka({ brokers: [...BROKERS], clientId: "kafka-topic-settings-tests", logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

after(async () => {
  await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});

async function topicConfigs(topic: string): Promise<Map<string, string>> {
  const described = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
  return new Map((described.resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]));
}

test("ensureTopics: replication min(3, brokers) on the real broker, retention and compression as configured, a caller's configs laid over", async () => {
  const transport = createKafkaTransport({
    brokers: [...BROKERS],
    clientId: uniqueName("topic-settings-test"),
    logger: silentLogger,
    topics: { retentionMs: 3_600_000, compressionType: "zstd" },
  });
  transports.push(transport);
  const [plain, compacted] = [uniqueName("switchyard-test-topic-settings"), uniqueName("switchyard-test-topic-settings-compact")];
  topics.push(plain, compacted);
  await transport.ensureTopics([plain], 2);
  await transport.ensureTopics([compacted], 1, { "cleanup.policy": "compact", "compression.type": "gzip" });

  const { brokers } = await admin.describeCluster();
  const metadata = await admin.fetchTopicMetadata({ topics: [plain] });
  const partitions = metadata.topics[0]?.partitions ?? [];
  assert.equal(partitions.length, 2);
  for (const partition of partitions) assert.equal(partition.replicas.length, Math.min(3, brokers.length));

  const plainConfigs = await topicConfigs(plain);
  assert.equal(plainConfigs.get("retention.ms"), "3600000");
  assert.equal(plainConfigs.get("compression.type"), "zstd");
  const compactedConfigs = await topicConfigs(compacted);
  assert.equal(compactedConfigs.get("cleanup.policy"), "compact");
  assert.equal(compactedConfigs.get("compression.type"), "gzip");
});
