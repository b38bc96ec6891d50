import { test } from "node:test";
import assert from "node:assert/strict";
import type { Message, PartitionMetadata, RecordMetadata, TopicMessages } from "kafkajs";
import { TransportError } from "../src/index";
import { createPinnedPartitioner, sendToEveryPartition, type UnsentPartitions } from "../src/send-to-every-partition";

const PARTITIONS: PartitionMetadata[] = [0, 1, 2, 3, 4, 5].map((partitionId) => ({
  partitionId,
  leader: (partitionId % 3) + 1,
  partitionErrorCode: 0,
  replicas: [1, 2, 3],
  isr: [1, 2, 3],
}));

/** A stand-in for kafkajs' sendBatch: partitions each message as kafkajs does, answers per partition written, except those `skip` drops. */
function fakeBroker(chosen: WeakMap<Message, number>, skip: (call: number, topic: string, partition: number) => boolean) {
  const partition = createPinnedPartitioner(chosen)();
  const written: Array<{ topic: string; partition: number; keys: string[] }> = [];
  let calls = 0;
  const send = async (topicMessages: TopicMessages[]): Promise<RecordMetadata[]> => {
    calls += 1;
    const answers: RecordMetadata[] = [];
    for (const { topic, messages } of topicMessages) {
      const byPartition = new Map<number, Message[]>();
      for (const message of messages) {
        const picked = partition({ topic, partitionMetadata: PARTITIONS, message });
        byPartition.set(picked, [...(byPartition.get(picked) ?? []), message]);
      }
      for (const [picked, list] of byPartition) {
        if (skip(calls, topic, picked)) continue;
        written.push({ topic, partition: picked, keys: list.map((message) => String(message.key)) });
        answers.push({ topicName: topic, partition: picked, errorCode: 0, baseOffset: "0" });
      }
    }
    return answers;
  };
  return { send, written, calls: () => calls };
}

const messagesOf = (count: number, key: (n: number) => string | null): Message[] =>
  Array.from({ length: count }, (_unused, n) => ({ key: key(n), value: `v${n}` }));

test("a partition the send resolved without is sent again: the same messages, in order, to the same partition", async () => {
  const chosen = new WeakMap<Message, number>();
  // The first call "answers" without partition 2 of results, as kafkajs does when its leader moved to a broker that had answered.
  const broker = fakeBroker(chosen, (call, topic, partition) => call === 1 && topic === "results" && partition === 2);
  const reports: UnsentPartitions[] = [];
  const results = messagesOf(60, (n) => `task-${n}`);
  await sendToEveryPartition(
    broker.send,
    [
      { topic: "results", messages: results },
      { topic: "usage", messages: messagesOf(30, (n) => `task-${n}`) },
    ],
    chosen,
    (unsent) => reports.push(unsent),
  );
  assert.equal(broker.calls(), 2);
  const expectedAgain = results.filter((message) => chosen.get(message) === 2).map((message) => String(message.key));
  assert.ok(expectedAgain.length > 0, "some keys hash to partition 2");
  assert.deepEqual(reports, [{ partitions: ["results/2"], messageCount: expectedAgain.length, round: 1 }]);
  assert.deepEqual(broker.written.at(-1), { topic: "results", partition: 2, keys: expectedAgain });
  const writtenKeys = broker.written.filter((entry) => entry.topic === "results").flatMap((entry) => entry.keys);
  assert.deepEqual(new Set(writtenKeys), new Set(results.map((message) => String(message.key))), "every result written, none twice");
  assert.equal(writtenKeys.length, results.length);
});

test("a keyless message keeps the partition it was first given when it is sent again", async () => {
  const chosen = new WeakMap<Message, number>();
  const broker = fakeBroker(chosen, (call) => call === 1);
  const keyless = messagesOf(7, () => null);
  await sendToEveryPartition(broker.send, [{ topic: "dead-letters", messages: keyless }], chosen, () => undefined);
  const first = keyless.map((message) => chosen.get(message));
  const partitioner = createPinnedPartitioner(chosen)();
  assert.deepEqual(
    keyless.map((message) => partitioner({ topic: "dead-letters", partitionMetadata: PARTITIONS, message })),
    first,
  );
  assert.equal(
    broker.written.reduce((sum, entry) => sum + entry.keys.length, 0),
    7,
  );
});

test("a partition that never gets an answer ends in a retryable transport error, not a resolved publish", async () => {
  const chosen = new WeakMap<Message, number>();
  const broker = fakeBroker(chosen, (_call, _topic, partition) => partition === 4);
  const messages = messagesOf(40, (n) => `k${n}`);
  await assert.rejects(
    sendToEveryPartition(broker.send, [{ topic: "results", messages }], chosen, () => undefined),
    (error: unknown) => error instanceof TransportError && error.retryable && /results\/4/.test(error.message),
  );
  assert.equal(broker.calls(), 10);
});

test("a complete answer is one send", async () => {
  const chosen = new WeakMap<Message, number>();
  const broker = fakeBroker(chosen, () => false);
  let reported = 0;
  await sendToEveryPartition(broker.send, [{ topic: "results", messages: messagesOf(25, (n) => `k${n}`) }], chosen, () => (reported += 1));
  assert.equal(broker.calls(), 1);
  assert.equal(reported, 0);
});
