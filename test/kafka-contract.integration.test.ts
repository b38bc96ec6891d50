import { createTopicsReliably } from "@switchyard/kafka";
// A task event goes through the real broker and comes back valid under the contract: what a
// producer in any service writes, a consumer decodes with the same schema and size limit.
import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { test } from "node:test";
import { Kafka, logLevel, type Admin, type KafkaMessage } from "kafkajs";
import { DEFAULT_MAX_TASK_BYTES, TaskEventSchema, decodeEvent, type TaskEventInput } from "@switchyard/contracts";
import { InvalidEventError } from "@switchyard/contracts";

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
// Generous bound so that a broken broker fails the test instead of hanging it.
const receiveTimeoutMs = 60_000;

const kafka = new Kafka({
  clientId: "switchyard-contract-test",
  brokers,
  connectionTimeout: 3000,
  retry: { retries: 3 },
  logLevel: logLevel.NOTHING,
});

function buildTask(id: string): TaskEventInput {
  return {
    version: 1,
    id,
    type: "keyword_relevance",
    dimensions: { inputTokenEstimate: 500, requiresReasoning: false, outputType: "structured", accuracy: "standard" },
    tier: "fast",
    system: "Answer with JSON only.",
    messages: [
      { role: "user", content: 'Is the keyword "running shoes" relevant to a trail-running ad? ✓ ünïcödé' },
      { role: "assistant", content: [{ type: "text", text: '{"relevant":' }] },
    ],
    maxTokens: 256,
    temperature: 0,
    outputSchema: { type: "object", properties: { relevant: { type: "boolean" } }, required: ["relevant"] },
    metadata: { feature: "keyword-review", tenant: "acme" },
    createdAt: "2026-11-28T01:00:00Z",
  };
}

async function receive(topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `switchyard-contract-test-${randomUUID()}` });
  const received: KafkaMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${count} messages from ${topic}`)), receiveTimeoutMs);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            received.push(message);
            if (received.length < count) return;
            clearTimeout(timer);
            resolve();
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

// Cleans up after the test; a failure here is reported only when the test itself passed, so that
// it never hides the first error.
async function cleanUp(admin: Admin, topic: string, testFailed: boolean): Promise<void> {
  try {
    await admin.deleteTopics({ topics: [topic] });
  } catch (error) {
    if (!testFailed) throw error;
  } finally {
    await admin.disconnect();
  }
}

test("a task event produced to the real broker is consumed back and decoded by the contract", async () => {
  const topic = `switchyard-contract-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  let testFailed = true;
  try {
    await createTopicsReliably(admin, [{ topic, numPartitions: 3 }]);
    const task = buildTask(`kw-${randomUUID()}`);
    const brokenId = `kw-broken-${randomUUID()}`;
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          { key: task.id, value: JSON.stringify(task) },
          // Breaks the contract (no messages): decoding must refuse it and still name the task.
          { key: brokenId, value: JSON.stringify({ id: brokenId, type: "keyword_relevance", messages: [], maxTokens: 1 }) },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const received = await receive(topic, 2);
    const valid = received.find((message) => message.key?.toString() === task.id);
    const broken = received.find((message) => message.key?.toString() === brokenId);
    assert.ok(valid, "the valid task came back under its id as key");
    assert.ok(broken, "the broken task came back under its id as key");

    const decoded = decodeEvent(TaskEventSchema, valid.value, { maxBytes: DEFAULT_MAX_TASK_BYTES });
    assert.deepEqual(decoded, task);

    assert.throws(
      () => decodeEvent(TaskEventSchema, broken.value, { maxBytes: DEFAULT_MAX_TASK_BYTES }),
      (error: unknown) => error instanceof InvalidEventError && error.code === "event_invalid" && error.taskId === brokenId,
    );
    testFailed = false;
  } finally {
    await cleanUp(admin, topic, testFailed);
  }
});
