#!/usr/bin/env node
// Checks that kafkajs works against a broker on the paths Switchyard uses: admin create/list/delete
// topics, idempotent producer, consumer group join, manual commitOffsets, fetchOffsets, and a
// two-member group that rebalances. Run it before bumping kafka.version in scripts/kafka/pom.xml:
//   node scripts/kafka/check-kafkajs.js [host:port]      (default: KAFKA_BROKERS or 127.0.0.1:9092)
"use strict";
const { randomUUID } = require("node:crypto");
const { Kafka, logLevel } = require("kafkajs");

const brokers = (process.argv[2] ?? process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const kafka = new Kafka({ clientId: "switchyard-check", brokers, logLevel: logLevel.NOTHING });
const suffix = randomUUID().slice(0, 8);
const topic = `switchyard-check-${suffix}`;
const partitions = 3;
const messageCount = 30;

function step(name) {
  process.stdout.write(`ok   ${name}\n`);
}

function waitFor(predicate, what, timeoutMs = 30_000) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 50);
    };
    poll();
  });
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  if (!(await admin.listTopics()).includes(topic)) throw new Error("created topic is not listed");
  step("admin createTopics / listTopics");

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = Array.from({ length: messageCount }, (_, index) => ({ key: `task-${index}`, value: `value-${index}` }));
  await producer.send({ topic, acks: -1, messages });
  step("idempotent producer send");

  const groupId = `switchyard-check-group-${suffix}`;
  const seen = new Map();
  const assignments = new Map();
  const makeMember = (name) => {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 });
    consumer.on(consumer.events.GROUP_JOIN, (event) => assignments.set(name, event.payload.memberAssignment[topic] ?? []));
    return consumer;
  };
  const first = makeMember("first");
  await first.connect();
  await first.subscribe({ topic, fromBeginning: true });
  await first.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      seen.set(message.key.toString(), message.value.toString());
      await first.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  await waitFor(() => seen.size === messageCount, "the first member to read every message");
  step(`consumer group join and read ${messageCount} messages`);

  const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
  const total = committed[0].partitions.reduce((sum, entry) => sum + Number(entry.offset), 0);
  if (total !== messageCount) throw new Error(`committed offsets add up to ${total}, expected ${messageCount}`);
  step("manual commitOffsets / admin fetchOffsets");

  const second = makeMember("second");
  await second.connect();
  await second.subscribe({ topic, fromBeginning: true });
  await second.run({ eachMessage: async () => {} });
  await waitFor(
    () =>
      (assignments.get("first") ?? []).length + (assignments.get("second") ?? []).length === partitions &&
      (assignments.get("second") ?? []).length > 0 &&
      (assignments.get("first") ?? []).length > 0,
    "the group to rebalance over two members",
  );
  step(`two-member rebalance: first ${JSON.stringify(assignments.get("first"))}, second ${JSON.stringify(assignments.get("second"))}`);

  await Promise.all([first.disconnect(), second.disconnect(), producer.disconnect()]);
  await admin.deleteGroups([groupId]);
  await admin.deleteTopics({ topics: [topic] });
  step("admin deleteGroups / deleteTopics");
  await admin.disconnect();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`FAIL ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
