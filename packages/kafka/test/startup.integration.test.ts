import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { StartupAbortedError, StartupWait } from "@switchyard/platform";
import { createKafkaTransport, type TopicPartition, type Transport, type TransportConsumer } from "../src/index";
import { BROKERS, uniqueName, waitUntil } from "@switchyard/test-support";
import { silentLogger } from "./support";

const PARTITIONS = 6;
// Port 1 (tcpmux) is not served here: connections are refused at once.
const NOTHING_LISTENS = "127.0.0.1:1";

let admin: Admin;
const topicsToDelete: string[] = [];
const groupsToDelete: string[] = [];
const transports: Transport[] = [];
const consumers: TransportConsumer[] = [];

before(async () => {
  admin = new Kafka({ brokers: [...BROKERS], clientId: "kafka-startup-tests", logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

after(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop().catch(() => undefined)));
  await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
  if (topicsToDelete.length > 0) await admin.deleteTopics({ topics: topicsToDelete }).catch(() => undefined);
  if (groupsToDelete.length > 0) await admin.deleteGroups(groupsToDelete).catch(() => undefined);
  await admin.disconnect();
});

interface ServiceShape {
  creates: string[];
  joins: string[];
}

// Creates its topics and joins its group the way a service starts: one transport, one start-up wait.
async function startLikeAService(shape: ServiceShape, groupId: string): Promise<TopicPartition[]> {
  const startup = new StartupWait({ maxWaitMs: 60_000, logger: silentLogger });
  const transport = createKafkaTransport({ brokers: [...BROKERS], clientId: uniqueName("startup-test"), logger: silentLogger, startup });
  transports.push(transport);
  await transport.ensureTopics(shape.creates, PARTITIONS);
  const consumer = transport.createConsumer({ groupId, topics: shape.joins, fromBeginning: true, logger: silentLogger });
  consumers.push(consumer);
  let assignment: TopicPartition[] = [];
  await consumer.start({ onBatch: async () => undefined, onAssignment: (assigned) => (assignment = assigned), onMembershipLost: () => undefined });
  await waitUntil(() => assignment.length > 0, `${groupId} has its assignment`, 30_000);
  return assignment;
}

test("three services creating overlapping fresh topics and joining their groups at the same moment all start, three rounds", { timeout: 180_000 }, async () => {
  for (let round = 1; round <= 3; round += 1) {
    const name = (suffix: string) => uniqueName(`switchyard-test-startup-${round}-${suffix}`);
    const [tasks, results, usage, candidates, shadow, deadLetters, alerts] = ["tasks", "results", "usage", "candidates", "shadow", "dlq", "alerts"].map(
      name,
    ) as [string, string, string, string, string, string, string];
    topicsToDelete.push(tasks, results, usage, candidates, shadow, deadLetters, alerts);
    const services: ServiceShape[] = [
      { creates: [tasks, results, usage, candidates, deadLetters], joins: [tasks] },
      { creates: [candidates, shadow, usage, deadLetters], joins: [candidates] },
      { creates: [usage, shadow, deadLetters, alerts], joins: [usage, shadow] },
    ];
    const groups = services.map((_, index) => uniqueName(`switchyard-test-startup-group-${index}`));
    groupsToDelete.push(...groups);
    const assignments = await Promise.all(services.map((service, index) => startLikeAService(service, groups[index]!)));
    services.forEach((service, index) => {
      assert.equal(assignments[index]!.length, service.joins.length * PARTITIONS, `round ${round}: service ${index} owns every partition of its topics`);
    });
    const metadata = await admin.fetchTopicMetadata({ topics: [tasks, results, usage, candidates, shadow, deadLetters, alerts] });
    for (const topic of metadata.topics) assert.equal(topic.partitions.length, PARTITIONS, `${topic.name} created once, with ${PARTITIONS} partitions`);
  }
});

test("a broker that never answers ends the start after the total wait, naming kafka", { timeout: 60_000 }, async () => {
  const startup = new StartupWait({ maxWaitMs: 2_000, logger: silentLogger });
  const transport = createKafkaTransport({ brokers: [NOTHING_LISTENS], clientId: uniqueName("startup-test"), logger: silentLogger, startup });
  transports.push(transport);
  const started = Date.now();
  await assert.rejects(transport.ensureTopics([uniqueName("switchyard-test-never")], 1), (error: unknown) => {
    assert.ok(error instanceof StartupAbortedError, String(error));
    assert.equal(error.code, "dependency_wait_exceeded");
    assert.equal(error.dependency, "kafka");
    return true;
  });
  // The bound holds even while kafkajs is inside its own connection retries (its first give-up alone takes longer).
  assert.ok(Date.now() - started < 5_000, `gave up after ${Date.now() - started} ms`);
  // Nor do those retries hold the close (a shutdown signal during the start).
  const closing = Date.now();
  await transport.close();
  assert.ok(Date.now() - closing < 3_000, `closed after ${Date.now() - closing} ms`);
});
