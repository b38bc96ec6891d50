import { TransportError } from "../src/index";
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createInMemoryTransport,
  runConsumerLoop as startConsumerLoop,
  type ConsumerLoop,
  type MessageHandler,
  type OutgoingMessage,
  type Transport,
} from "../src/index";
import { waitUntil } from "@switchyard/test-support";
import { decodeTestEvent, silentLogger, testMessages, untilAborted, type TestEvent, stopLoopsAfterEachTest } from "./support";

const stopAfterTest = stopLoopsAfterEachTest();

async function start(transport: Transport, handler: MessageHandler<TestEvent>): Promise<ConsumerLoop> {
  const loop = await startConsumerLoop({
    transport,
    groupId: "group",
    topics: ["in"],
    handler,
    maxInFlight: 16,
    deadLetterTopic: "dlq",
    logger: silentLogger,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    commitIntervalMs: 20,
  });
  stopAfterTest(loop);
  return loop;
}

/** What the router returns: the usage of its calls (ledger) and the result. */
function outputsOf(event: TestEvent): OutgoingMessage[] {
  return [
    { topic: "usage", key: event.id, value: `call of ${event.id}`, ledger: true },
    { topic: "out", key: event.id, value: `result of ${event.id}` },
  ];
}

function refusal(retryable: boolean): TransportError {
  return new TransportError("refused", { retryable });
}

test("work abandoned in the handler publishes its ledger, nothing else, and stays uncommitted", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const loop = await start(transport, {
    name: "ledger",
    decode: decodeTestEvent,
    async handle(event, context) {
      // Like the router: a call was in flight when the work was abandoned; its usage still goes out.
      await untilAborted(context.signal).catch(() => undefined);
      return outputsOf(event).filter((output) => output.ledger);
    },
  });
  await transport.publish(testMessages("in", 3));
  await waitUntil(() => loop.stats().inFlight === 3, "three in flight");
  await loop.stop({ drainTimeoutMs: 20 });
  assert.equal(loop.stats().abandoned, 3);
  assert.deepEqual((await transport.readTopic("usage")).map((message) => message.value?.toString()).sort(), ["call of t-0", "call of t-1", "call of t-2"]);
  assert.equal((await transport.readTopic("out")).length, 0);
  assert.equal((await transport.readTopic("dlq")).length, 0);
  assert.equal(transport.committedOffset("group", { topic: "in", partition: 0 }), undefined);
});

test("work abandoned while its outputs wait for the broker still publishes the ledger part", async () => {
  const inner = createInMemoryTransport({ defaultPartitions: 1 });
  const stalled: Transport = {
    ...inner,
    async publish(messages) {
      if (messages.some((message) => message.topic === "out")) throw refusal(true);
      await inner.publish(messages);
    },
  };
  const loop = await start(stalled, { name: "ledger", decode: decodeTestEvent, handle: async (event) => outputsOf(event) });
  await inner.publish(testMessages("in", 2));
  await waitUntil(() => loop.stats().retried >= 2, "the publish is being retried");
  await loop.stop({ drainTimeoutMs: 20 });
  assert.equal(loop.stats().abandoned, 2);
  assert.deepEqual((await inner.readTopic("usage")).map((message) => message.key).sort(), ["t-0", "t-1"]);
  assert.equal((await inner.readTopic("out")).length, 0);
});

test("a refused output of several messages is sent again whole, not dead-lettered: its result may be out", async () => {
  const inner = createInMemoryTransport({ defaultPartitions: 1 });
  let refusals = 2;
  const refusing: Transport = {
    ...inner,
    async publish(messages) {
      if (messages.some((message) => message.topic === "out") && refusals > 0) {
        refusals -= 1;
        // As a broker can: one partition's records written, another's refused.
        await inner.publish(messages.filter((message) => message.topic === "out"));
        throw refusal(false);
      }
      await inner.publish(messages);
    },
  };
  const loop = await start(refusing, { name: "ledger", decode: decodeTestEvent, handle: async (event) => outputsOf(event) });
  await inner.publish(testMessages("in", 1));
  await waitUntil(() => inner.committedOffset("group", { topic: "in", partition: 0 }) === 1, "committed");
  assert.equal(loop.stats().deadLettered, 0);
  assert.equal((await inner.readTopic("dlq")).length, 0);
  assert.equal((await inner.readTopic("usage")).length, 1);
  assert.ok((await inner.readTopic("out")).length >= 1, "the result is out (a duplicate is deduped by task id)");
});

test("a refused single message is not out: it is dead-lettered", async () => {
  const inner = createInMemoryTransport({ defaultPartitions: 1 });
  const refusing: Transport = {
    ...inner,
    async publish(messages) {
      if (messages.some((message) => message.topic === "out")) throw refusal(false);
      await inner.publish(messages);
    },
  };
  const loop = await start(refusing, {
    name: "single",
    decode: decodeTestEvent,
    handle: async (event) => outputsOf(event).filter((output) => output.topic === "out"),
  });
  await inner.publish(testMessages("in", 1));
  await waitUntil(() => loop.stats().deadLettered === 1, "dead-lettered");
  assert.equal((await inner.readTopic("dlq")).length, 1);
});
