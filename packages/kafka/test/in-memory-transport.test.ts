import { test } from "node:test";
import assert from "node:assert/strict";
import { createInMemoryTransport, waitForMessages, type TransportBatch } from "../src/index";
import { silentLogger } from "./support";

test("messages with the same key land on the same partition, in order", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 4 });
  await transport.publish([
    { topic: "t", key: "task-1", value: "a" },
    { topic: "t", key: "task-2", value: "b" },
    { topic: "t", key: "task-1", value: "c" },
  ]);
  const messages = await transport.readTopic("t");
  const task1 = messages.filter((message) => message.key === "task-1");
  assert.equal(task1.length, 2);
  assert.equal(task1[0]?.partition, task1[1]?.partition);
  assert.deepEqual(
    task1.map((message) => message.value?.toString()),
    ["a", "c"],
  );
  assert.ok(Number(task1[1]?.offset) > Number(task1[0]?.offset));
});

test("ensureTopics sets the partition count of a new topic only", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 2 });
  await transport.ensureTopics(["x"], 6);
  await transport.ensureTopics(["x"], 1);
  await transport.publish(Array.from({ length: 200 }, (_unused, n) => ({ topic: "x", key: `k${n}`, value: "v" })));
  const partitions = new Set((await transport.readTopic("x")).map((message) => message.partition));
  assert.equal(partitions.size, 6);
});

test("a group member resumes from the committed offset; what was not committed is delivered again", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  await transport.publish(Array.from({ length: 5 }, (_unused, n) => ({ topic: "t", key: `k${n}`, value: String(n) })));
  const received: string[] = [];
  const consume = async (commitThrough: number | null) => {
    const consumer = transport.createConsumer({ groupId: "g", topics: ["t"], fromBeginning: true, logger: silentLogger });
    const batches: TransportBatch[] = [];
    await consumer.start({
      onBatch: async (batch, controls) => {
        batches.push(batch);
        for (const message of batch.messages) {
          received.push(message.value?.toString() ?? "");
          controls.markTaken(message.offset);
        }
      },
      onAssignment: () => undefined,
      onMembershipLost: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    if (commitThrough !== null) assert.equal(await consumer.commit([{ topic: "t", partition: 0, offset: String(commitThrough) }]), "committed");
    await consumer.stop();
    return batches;
  };
  await consume(3);
  await consume(null);
  await consume(null);
  assert.deepEqual(received, ["0", "1", "2", "3", "4", "3", "4", "3", "4"]);
});

test("a commit from a member that no longer owns the partition is rejected", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const callbacks = { onBatch: async () => undefined, onAssignment: () => undefined, onMembershipLost: () => undefined };
  const first = transport.createConsumer({ groupId: "g", topics: ["t"], fromBeginning: true, logger: silentLogger });
  await first.start(callbacks);
  const second = transport.createConsumer({ groupId: "g", topics: ["t"], fromBeginning: true, logger: silentLogger });
  await second.start(callbacks);
  const outcomes = [await first.commit([{ topic: "t", partition: 0, offset: "1" }]), await second.commit([{ topic: "t", partition: 0, offset: "1" }])];
  assert.deepEqual(outcomes.sort(), ["committed", "rejected"], "exactly one of the two owns the single partition");
  await first.stop();
  await second.stop();
});

test("waitForMessages reads existing and new messages until the condition holds, or times out", async () => {
  const transport = createInMemoryTransport();
  await transport.publish([{ topic: "r", key: "a", value: "1" }]);
  const waiting = waitForMessages(transport, { topic: "r", until: (messages) => messages.length === 3, timeoutMs: 2_000 });
  await transport.publish([
    { topic: "r", key: "b", value: "2" },
    { topic: "r", key: "c", value: "3" },
  ]);
  assert.equal((await waiting).length, 3);
  await assert.rejects(waitForMessages(transport, { topic: "r", until: (messages) => messages.length === 4, timeoutMs: 50 }), /timed out/);
});
