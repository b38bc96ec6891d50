import { test } from "node:test";
import assert from "node:assert/strict";
import { DEAD_LETTER_HEADERS, DeadLetterHeadersSchema } from "@switchyard/contracts";
import { Registry, SwitchyardError } from "@switchyard/platform";
import {
  createInMemoryTransport,
  runConsumerLoop as startConsumerLoop,
  type ConsumerLoop,
  type ConsumerLoopOptions,
  type MessageHandler,
  type OutgoingMessage,
  type Transport,
  TransportError,
} from "../src/index";
import { waitUntil } from "@switchyard/test-support";
import {
  decodeTestEvent,
  deferred,
  echoHandler,
  HandlerRefusedError,
  silentLogger,
  testMessages,
  untilAborted,
  type TestEvent,
  stopLoopsAfterEachTest,
} from "./support";

const fastRetry = { initialDelayMs: 5, maxDelayMs: 20 };
const stopAfterTest = stopLoopsAfterEachTest();

async function runConsumerLoop<Event>(options: ConsumerLoopOptions<Event>): Promise<ConsumerLoop> {
  const loop = await startConsumerLoop(options);
  stopAfterTest(loop);
  return loop;
}

function loopOptions<Event>(transport: Transport, handler: MessageHandler<Event>, overrides: { groupId?: string; maxInFlight?: number } = {}) {
  return {
    transport,
    groupId: overrides.groupId ?? "group",
    topics: ["in"],
    handler,
    maxInFlight: overrides.maxInFlight ?? 64,
    deadLetterTopic: "dlq",
    logger: silentLogger,
    retry: fastRetry,
    commitIntervalMs: 20,
  };
}

test("out-of-order completion commits only the contiguous done prefix", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const gates = new Map<number, ReturnType<typeof deferred>>();
  for (let n = 0; n < 4; n += 1) gates.set(n, deferred());
  const loop = await runConsumerLoop(
    loopOptions(
      transport,
      echoHandler("out", (event) => gates.get(event.n)?.promise ?? Promise.resolve()),
    ),
  );
  await transport.publish(testMessages("in", 4));
  await waitUntil(() => loop.stats().inFlight === 4, "all four are in flight");

  gates.get(1)?.resolve();
  gates.get(3)?.resolve();
  await waitUntil(async () => (await transport.readTopic("out")).length === 2, "two outputs published");
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(transport.committedOffset("group", { topic: "in", partition: 0 }), undefined, "offset 0 is unfinished: nothing is committed");

  gates.get(0)?.resolve();
  await waitUntil(() => transport.committedOffset("group", { topic: "in", partition: 0 }) === 2, "commit moves to offset 2 (offset 2 unfinished)");
  gates.get(2)?.resolve();
  await waitUntil(() => transport.committedOffset("group", { topic: "in", partition: 0 }) === 4, "commit moves past the last message");
  await loop.stop();
});

test("the in-flight limit holds across partitions and fetching resumes below it", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 3 });
  let running = 0;
  let peak = 0;
  const release = deferred();
  const loop = await runConsumerLoop(
    loopOptions(
      transport,
      echoHandler("out", async () => {
        running += 1;
        peak = Math.max(peak, running);
        await release.promise;
        running -= 1;
      }),
      { maxInFlight: 5 },
    ),
  );
  await transport.publish(testMessages("in", 60));
  await waitUntil(() => running === 5, "five handlers running");
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(running, 5, "no sixth message starts while five are in flight");
  assert.equal(loop.stats().consumed, 5, "the rest are not taken over (backpressure)");
  release.resolve();
  await waitUntil(() => loop.stats().handled === 60, "all 60 handled after the limit frees up");
  assert.equal(peak, 5);
  assert.equal(loop.stats().peakInFlight, 5);
  await loop.stop();
  const committed = [0, 1, 2].reduce((sum, partition) => sum + (transport.committedOffset("group", { topic: "in", partition }) ?? 0), 0);
  assert.equal(committed, 60);
});

test("a handled message gives its slot back while its outputs wait for the broker, for at most maxInFlight of them", async () => {
  const inner = createInMemoryTransport({ defaultPartitions: 1 });
  const acknowledged = deferred();
  const slowBroker: Transport = {
    ...inner,
    async publish(messages) {
      await acknowledged.promise;
      await inner.publish(messages);
    },
  };
  const handledEvents: number[] = [];
  const registry = new Registry();
  const loop = await runConsumerLoop({
    ...loopOptions(
      slowBroker,
      echoHandler("out", async (event) => {
        handledEvents.push(event.n);
      }),
      { maxInFlight: 2 },
    ),
    registry,
  });
  await inner.publish(testMessages("in", 6));
  // Two wait for the broker with their slots given back; two more hold their slots while waiting, as no more may wait so.
  await waitUntil(() => handledEvents.length === 4 && loop.stats().publishing === 2, "four handled, two of them publishing without a slot");
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(handledEvents, [0, 1, 2, 3], "no fifth message is handled while the limit's worth wait for the broker");
  assert.equal(loop.stats().inFlight, 2);
  assert.match(await registry.metrics(), /switchyard_consumer_in_flight_messages\{group="group"\} 4/, "the gauge counts the messages publishing too");
  assert.equal(inner.committedOffset("group", { topic: "in", partition: 0 }), undefined, "nothing is committed before the broker acknowledges");
  acknowledged.resolve();
  await waitUntil(() => loop.stats().handled === 6, "all six handled once the broker acknowledges");
  await waitUntil(() => inner.committedOffset("group", { topic: "in", partition: 0 }) === 6, "all six committed");
  assert.equal(loop.stats().publishing, 0);
  assert.equal(loop.stats().inFlight, 0);
  assert.equal((await inner.readTopic("out")).length, 6);
  await loop.stop();
});

test("a non-retryable handler error dead-letters the message with every header, and the loop goes on", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const registry = new Registry();
  const handler = echoHandler("out", async (event) => {
    if (event.n === 1) throw new HandlerRefusedError("prompt too long");
  });
  const loop = await runConsumerLoop({ ...loopOptions(transport, handler), registry });
  const sent = testMessages("in", 3);
  await transport.publish(sent);
  await waitUntil(() => loop.stats().handled === 3, "three messages finished");
  await loop.stop();

  const deadLetters = await transport.readTopic("dlq");
  assert.equal(deadLetters.length, 1);
  const deadLetter = deadLetters[0];
  assert.ok(deadLetter);
  assert.equal(deadLetter.key, "t-1");
  assert.equal(deadLetter.value?.toString(), sent[1]?.value);
  const headers = DeadLetterHeadersSchema.parse(deadLetter.headers);
  assert.equal(headers[DEAD_LETTER_HEADERS.errorClass], "HandlerRefusedError");
  assert.equal(headers[DEAD_LETTER_HEADERS.errorCode], "handler_refused");
  assert.equal(headers[DEAD_LETTER_HEADERS.reason], "prompt too long");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourceTopic], "in");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourcePartition], "0");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourceOffset], "1");
  assert.equal(headers[DEAD_LETTER_HEADERS.consumerGroup], "group");
  assert.equal(headers[DEAD_LETTER_HEADERS.taskId], "t-1", "the handler's taskIdOf names the task");
  assert.ok(Date.now() - Date.parse(headers[DEAD_LETTER_HEADERS.failedAt]) < 60_000);

  const outputs = await transport.readTopic("out");
  assert.deepEqual(
    outputs.map((output) => output.key),
    ["t-0", "t-2"],
  );
  assert.equal(transport.committedOffset("group", { topic: "in", partition: 0 }), 3);
  assert.equal(loop.stats().deadLettered, 1);
  const metrics = await registry.metrics();
  assert.match(metrics, /switchyard_consumer_messages_dead_lettered_total\{group="group",topic="in",code="handler_refused"\} 1/);
  assert.match(metrics, /switchyard_consumer_messages_consumed_total\{group="group",topic="in"\} 3/);
});

test("a retryable handler error retries the same message with backoff while others go on", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const attempts = new Map<number, number>();
  const loop = await runConsumerLoop(
    loopOptions(
      transport,
      echoHandler("out", async (event) => {
        const attempt = (attempts.get(event.n) ?? 0) + 1;
        attempts.set(event.n, attempt);
        if (event.n === 0 && attempt < 4) throw new SwitchyardError("storage_unavailable", "ClickHouse is down", { retryable: true });
      }),
    ),
  );
  await transport.publish(testMessages("in", 3));
  await waitUntil(() => loop.stats().handled === 3, "all handled");
  await loop.stop();
  assert.equal(attempts.get(0), 4, "handled four times: three retryable failures, then success");
  assert.equal(attempts.get(1), 1);
  assert.equal(loop.stats().retried, 3);
  assert.equal((await transport.readTopic("dlq")).length, 0);
  const outputs = await transport.readTopic("out");
  assert.equal(outputs.at(-1)?.key, "t-0", "the retried message finished after the ones behind it");
  assert.equal(transport.committedOffset("group", { topic: "in", partition: 0 }), 3);
});

test("while a message retries, its partition's commit waits for it", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  let failing = true;
  const loop = await runConsumerLoop(
    loopOptions(
      transport,
      echoHandler("out", async (event) => {
        if (event.n === 0 && failing) throw new SwitchyardError("storage_unavailable", "down", { retryable: true });
      }),
    ),
  );
  await transport.publish(testMessages("in", 5));
  await waitUntil(async () => (await transport.readTopic("out")).length === 4, "the four others are done");
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(transport.committedOffset("group", { topic: "in", partition: 0 }), undefined, "nothing past the retrying offset 0 is committed");
  failing = false;
  await waitUntil(() => transport.committedOffset("group", { topic: "in", partition: 0 }) === 5, "everything committed once it succeeds");
  await loop.stop();
});

test("an invalid message goes to the dead letter topic together with the handler's onInvalid outputs", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const handler: MessageHandler<TestEvent> = {
    ...echoHandler("out"),
    decode: decodeTestEvent,
    onInvalid(error, message): OutgoingMessage[] {
      if (error.taskId === undefined) return [];
      return [{ topic: "out", key: error.taskId, value: JSON.stringify({ taskId: error.taskId, status: "error", offset: message.offset }) }];
    },
  };
  const loop = await runConsumerLoop(loopOptions(transport, handler));
  await transport.publish([
    { topic: "in", key: "bad-json", value: "{oops" },
    { topic: "in", key: "t-9", value: JSON.stringify({ id: "t-9", n: "nine" }) },
    ...testMessages("in", 1),
  ]);
  await waitUntil(() => loop.stats().handled === 3, "all three finished");
  await loop.stop();

  const deadLetters = await transport.readTopic("dlq");
  assert.deepEqual(
    deadLetters.map((deadLetter) => deadLetter.key),
    ["bad-json", "t-9"],
  );
  assert.equal(deadLetters[0]?.value?.toString(), "{oops");
  assert.equal(deadLetters[0]?.headers[DEAD_LETTER_HEADERS.errorCode], "event_not_json");
  assert.equal(deadLetters[0]?.headers[DEAD_LETTER_HEADERS.taskId], undefined);
  assert.equal(deadLetters[1]?.headers[DEAD_LETTER_HEADERS.errorCode], "event_invalid");
  assert.equal(deadLetters[1]?.headers[DEAD_LETTER_HEADERS.taskId], "t-9");
  for (const deadLetter of deadLetters) DeadLetterHeadersSchema.parse(deadLetter.headers);

  const outputs = await transport.readTopic("out");
  assert.deepEqual(
    outputs.map((output) => JSON.parse(output.value?.toString() ?? "")),
    [
      { taskId: "t-9", status: "error", offset: "1" },
      { taskId: "t-0", n: 0 },
    ],
  );
  assert.equal(transport.committedOffset("group", { topic: "in", partition: 0 }), 3);
});

test("a failed publish is retried and the offset is committed only after the outputs are acknowledged", async () => {
  const inner = createInMemoryTransport({ defaultPartitions: 1 });
  let refusals = 2;
  const flaky: Transport = {
    ...inner,
    async publish(messages) {
      if (messages.some((message) => message.topic === "out") && refusals > 0) {
        refusals -= 1;
        throw new TransportError("broker restarting");
      }
      await inner.publish(messages);
    },
  };
  const loop = await runConsumerLoop(loopOptions(flaky, echoHandler("out")));
  await inner.publish(testMessages("in", 1));
  await waitUntil(() => loop.stats().handled === 1, "handled after the publish retries");
  await waitUntil(() => inner.committedOffset("group", { topic: "in", partition: 0 }) === 1, "committed");
  await loop.stop();
  assert.equal(loop.stats().retried, 2);
  assert.equal((await inner.readTopic("out")).length, 1);
});

test("a consumer stopped without finishing its work gets the uncommitted messages again (at least once)", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 2 });
  const first = await runConsumerLoop(
    loopOptions(
      transport,
      echoHandler("out", async (event, signal) => {
        if (event.n % 2 === 0) await untilAborted(signal);
      }),
    ),
  );
  await transport.publish(testMessages("in", 10));
  await waitUntil(() => first.stats().handled === 5, "the odd messages are handled");
  await first.stop({ drainTimeoutMs: 50 });
  assert.equal(first.stats().abandoned, 5);

  const seen: number[] = [];
  const second = await runConsumerLoop(
    loopOptions(
      transport,
      echoHandler("out", async (event) => {
        seen.push(event.n);
      }),
    ),
  );
  await waitUntil(() => seen.filter((n) => n % 2 === 0).length === 5, "every abandoned message is delivered again");
  await second.stop();
  const outputs = await transport.readTopic("out");
  const keys = new Set(outputs.map((output) => output.key));
  assert.equal(keys.size, 10, "every message has an output");
});

test("two loops in one group share the partitions; a rebalance abandons revoked work without publishing or committing it", async () => {
  const transport = createInMemoryTransport();
  await transport.ensureTopics(["in"], 4);
  const gate = deferred();
  const namedHandler = (name: string, wait: boolean): MessageHandler<TestEvent> => ({
    name,
    decode: decodeTestEvent,
    async handle(event) {
      // Ignores the abort signal on purpose: the loop must still drop the revoked work's outcome.
      if (wait) await gate.promise;
      return [{ topic: "out", key: event.id, value: name }];
    },
  });
  const a = await runConsumerLoop(loopOptions(transport, namedHandler("a", true)));
  await transport.publish(testMessages("in", 16));
  await waitUntil(() => a.stats().inFlight === 16, "loop a holds all sixteen, unfinished");
  assert.equal(a.stats().assignment.length, 4);

  const b = await runConsumerLoop(loopOptions(transport, namedHandler("b", false)));
  await waitUntil(() => b.stats().assignment.length === 2 && a.stats().assignment.length === 2, "the partitions are shared two and two");
  const log = await transport.readTopic("in");
  const bPartitions = new Set(b.stats().assignment.map((assignment) => assignment.partition));
  const revoked = log.filter((message) => bPartitions.has(message.partition));
  assert.ok(revoked.length > 0, "the test needs messages on b's partitions");
  await waitUntil(() => b.stats().handled === revoked.length, "b handled the revoked partitions' messages");

  gate.resolve();
  await waitUntil(() => a.stats().inFlight === 0, "a's handlers returned");
  assert.equal(a.stats().abandoned, revoked.length, "a dropped the outcome of every revoked message");
  assert.equal(a.stats().handled, log.length - revoked.length);

  const outputs = await transport.readTopic("out");
  assert.equal(outputs.length, log.length, "exactly one output per message: a published nothing for revoked work");
  for (const output of outputs) {
    const source = log.find((message) => message.key === output.key);
    assert.equal(output.value?.toString(), bPartitions.has(source?.partition ?? -1) ? "b" : "a");
  }
  await waitUntil(
    () =>
      [0, 1, 2, 3].every(
        (partition) => transport.committedOffset("group", { topic: "in", partition }) === log.filter((message) => message.partition === partition).length,
      ),
    "every partition committed to its end by its owner",
  );
  await Promise.all([a.stop(), b.stop()]);
});
