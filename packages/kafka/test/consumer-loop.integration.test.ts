import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEAD_LETTER_HEADERS, DeadLetterHeadersSchema } from "@switchyard/contracts";
import {
  runConsumerLoop,
  waitForMessages,
  type ConsumerLoop,
  type ConsumerLoopOptions,
  type ConsumerOptions,
  type MessageHandler,
  type Transport,
  type TransportConsumerCallbacks,
} from "../src/index";
import { KafkaTestBed, waitUntil } from "@switchyard/test-support";
import { decodeTestEvent, deferred, echoHandler, HandlerRefusedError, silentLogger, testMessages, untilAborted, type TestEvent } from "./support";

const bed = new KafkaTestBed("switchyard-test");
const loops: ConsumerLoop[] = [];
const createTopics = (partitions: number, ...names: string[]) => bed.createTopics(partitions, ...names);
const newGroup = () => bed.newGroup();
const newTransport = () => bed.newTransport();
const committedOffsets = (groupId: string, topic: string) => bed.committedOffsets(groupId, topic);
const endOffsets = (topic: string) => bed.endOffsets(topic);

before(() => bed.connect());

after(async () => {
  // A failed test leaves its loops running; stop them so the process can end.
  await Promise.all(loops.map((loop) => loop.stop({ drainTimeoutMs: 100 }).catch(() => undefined)));
  await bed.clean();
});

async function startLoop<Event>(options: ConsumerLoopOptions<Event>): Promise<ConsumerLoop> {
  const loop = await runConsumerLoop(options);
  loops.push(loop);
  return loop;
}

test("one partition, 200 messages of 500 ms each, maxInFlight 256: handled concurrently, all committed", { timeout: 120_000 }, async () => {
  const [input, output, dlq] = await createTopics(1, "in", "out", "dlq");
  assert.ok(input && output && dlq);
  const transport = newTransport();
  const groupId = newGroup();
  let running = 0;
  let peak = 0;
  const handler = echoHandler(output, async () => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 500));
    running -= 1;
  });
  await transport.publish(testMessages(input, 200));
  const started = Date.now();
  const loop = await startLoop({ transport, groupId, topics: [input], handler, maxInFlight: 256, deadLetterTopic: dlq, logger: silentLogger });
  await waitUntil(() => loop.stats().handled === 200, "200 handled", 60_000);
  const elapsedMs = Date.now() - started;
  await waitUntil(async () => (await committedOffsets(groupId, input)).get(0) === 200, "offset 200 committed", 10_000);
  await loop.stop();
  process.stdout.write(`# 200 messages x 500 ms on one partition: ${elapsedMs} ms, peak concurrency ${peak}\n`);
  assert.ok(peak > 100, `peak concurrency ${peak} shows messages were not handled one by one`);
  const results = await transport.readTopic(output);
  assert.equal(new Set(results.map((result) => result.key)).size, 200);
});

/** The transport, recording the keys of every batch its consumers fetch. */
function recordingFetches(transport: Transport): { transport: Transport; fetches: string[][] } {
  const fetches: string[][] = [];
  const createConsumer = (options: ConsumerOptions) => {
    const consumer = transport.createConsumer(options);
    return {
      ...consumer,
      start: (callbacks: TransportConsumerCallbacks) =>
        consumer.start({
          ...callbacks,
          onBatch: (batch, controls) => {
            fetches.push(batch.messages.map((message) => message.key ?? ""));
            return callbacks.onBatch(batch, controls);
          },
        }),
    };
  };
  return { transport: { ...transport, createConsumer }, fetches };
}

test("a fetch bound far below the messages' size still delivers every message, in order", { timeout: 60_000 }, async () => {
  const [input, output, dlq] = await createTopics(1, "in", "out", "dlq");
  assert.ok(input && output && dlq);
  // 1 KiB per partition per fetch; the messages are 200 KiB and 20 bytes: the broker returns a
  // first record batch whole whatever the bound, so nothing gets stuck behind a large one.
  const { transport, fetches } = recordingFetches(bed.newTransport({ consumer: { maxBytesPerPartition: 1024 } }));
  const groupId = newGroup();
  const seen: number[] = [];
  const handler = echoHandler(output, async (event) => {
    seen.push(event.n);
  });
  const large = (n: number) => ({ topic: input, key: `t-${n}`, value: JSON.stringify({ id: `t-${n}`, n, padding: "x".repeat(200 * 1024) }) });
  // One send each, so that each is a record batch of its own and the bound splits the fetches.
  for (const message of [large(0), ...testMessages(input, 40).slice(1, 20), large(20), ...testMessages(input, 40).slice(21)])
    await transport.publish([message]);
  const loop = await startLoop({ transport, groupId, topics: [input], handler, maxInFlight: 1, deadLetterTopic: dlq, logger: silentLogger });
  await waitUntil(() => loop.stats().handled === 40, "40 handled", 30_000);
  await waitUntil(async () => (await committedOffsets(groupId, input)).get(0) === 40, "offset 40 committed", 10_000);
  await loop.stop();
  assert.deepEqual(
    seen,
    Array.from({ length: 40 }, (_unused, n) => n),
  );
  // The bound reached the broker: a large message came alone, never after small ones in a fetch
  // (with the 1 MiB default, the fetch after t-0 holds t-1 to t-39, t-20 among them).
  const withLarge = fetches.filter((keys) => keys.includes("t-0") || keys.includes("t-20"));
  assert.ok(withLarge.length >= 2, `fetches: ${JSON.stringify(fetches)}`);
  for (const keys of withLarge) assert.equal(keys.length, 1, `a fetch held a large message with others: ${keys.join(", ")}`);
});

test("dead letters on the real broker carry the original bytes and every header; later messages go on", { timeout: 60_000 }, async () => {
  const [input, output, dlq] = await createTopics(1, "in", "out", "dlq");
  assert.ok(input && output && dlq);
  const transport = newTransport();
  const groupId = newGroup();
  const handler: MessageHandler<TestEvent> = {
    ...echoHandler(output, async (event) => {
      if (event.n === 1) throw new HandlerRefusedError("refused by the model");
    }),
    decode: decodeTestEvent,
    onInvalid: (error) => (error.taskId ? [{ topic: output, key: error.taskId, value: "invalid" }] : []),
  };
  await transport.publish([
    { topic: input, key: "not-json", value: Buffer.from([0xff, 0x00, 0x7b]), headers: { origin: "test" } },
    ...testMessages(input, 2),
    { topic: input, key: "t-7", value: JSON.stringify({ id: "t-7", n: "seven" }) },
  ]);
  const loop = await startLoop({ transport, groupId, topics: [input], handler, maxInFlight: 8, deadLetterTopic: dlq, logger: silentLogger });
  const deadLetters = await waitForMessages(transport, { topic: dlq, until: (messages) => messages.length >= 3, timeoutMs: 30_000 });
  await waitUntil(async () => (await committedOffsets(groupId, input)).get(0) === 4, "all four committed", 10_000);
  await loop.stop();

  const byKey = new Map(deadLetters.map((deadLetter) => [deadLetter.key, deadLetter]));
  const notJson = byKey.get("not-json");
  assert.ok(notJson);
  assert.deepEqual(notJson.value, Buffer.from([0xff, 0x00, 0x7b]), "the original bytes, untouched");
  assert.equal(notJson.headers.origin, "test");
  const headers = DeadLetterHeadersSchema.parse(notJson.headers);
  assert.equal(headers[DEAD_LETTER_HEADERS.errorClass], "InvalidEventError");
  assert.equal(headers[DEAD_LETTER_HEADERS.errorCode], "event_not_json");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourceTopic], input);
  assert.equal(headers[DEAD_LETTER_HEADERS.sourcePartition], "0");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourceOffset], "0");
  assert.equal(headers[DEAD_LETTER_HEADERS.consumerGroup], groupId);
  const refused = DeadLetterHeadersSchema.parse(byKey.get("t-1")?.headers);
  assert.equal(refused[DEAD_LETTER_HEADERS.errorCode], "handler_refused");
  assert.equal(refused[DEAD_LETTER_HEADERS.taskId], "t-1");
  assert.equal(refused[DEAD_LETTER_HEADERS.sourceOffset], "2");
  const invalid = DeadLetterHeadersSchema.parse(byKey.get("t-7")?.headers);
  assert.equal(invalid[DEAD_LETTER_HEADERS.errorCode], "event_invalid");
  assert.equal(invalid[DEAD_LETTER_HEADERS.taskId], "t-7");

  const outputs = await transport.readTopic(output);
  assert.deepEqual(outputs.map((message) => [message.key, message.value?.toString()]).sort(), [
    ["t-0", JSON.stringify({ taskId: "t-0", n: 0 })],
    ["t-7", "invalid"],
  ]);
});

test("a consumer that stops without finishing its work: the next member of the group gets it again", { timeout: 90_000 }, async () => {
  const [input, output, dlq] = await createTopics(2, "in", "out", "dlq");
  assert.ok(input && output && dlq);
  const transport = newTransport();
  const groupId = newGroup();
  await transport.publish(testMessages(input, 20));
  const stuck = await startLoop({
    transport,
    groupId,
    topics: [input],
    handler: echoHandler(output, async (event, signal) => {
      if (event.n % 4 === 0) await untilAborted(signal);
    }),
    maxInFlight: 64,
    deadLetterTopic: dlq,
    logger: silentLogger,
  });
  await waitUntil(() => stuck.stats().handled === 15, "the other 15 handled", 30_000);
  await stuck.stop({ drainTimeoutMs: 100 });
  assert.equal(stuck.stats().abandoned, 5);
  const committed = await committedOffsets(groupId, input);
  const ends = await endOffsets(input);
  const uncommitted = [...ends].reduce((sum, [partition, end]) => sum + end - Math.max(0, committed.get(partition) ?? 0), 0);
  assert.ok(uncommitted >= 5, `the abandoned messages stay uncommitted (${uncommitted} uncommitted)`);

  const seen = new Set<number>();
  const next = await startLoop({
    transport,
    groupId,
    topics: [input],
    handler: echoHandler(output, async (event) => {
      seen.add(event.n);
    }),
    maxInFlight: 64,
    deadLetterTopic: dlq,
    logger: silentLogger,
  });
  await waitUntil(() => [0, 4, 8, 12, 16].every((n) => seen.has(n)), "every abandoned message delivered again", 30_000);
  await waitUntil(
    async () => {
      const now = await committedOffsets(groupId, input);
      return [...ends].every(([partition, end]) => now.get(partition) === end);
    },
    "everything committed",
    15_000,
  );
  await next.stop();
  const outputs = await transport.readTopic(output);
  assert.equal(new Set(outputs.map((message) => message.key)).size, 20, "every message produced its output at least once");
});

test("two loop instances in one group share the partitions; every message is handled and committed", { timeout: 120_000 }, async () => {
  const [input, output, dlq] = await createTopics(4, "in", "out", "dlq");
  assert.ok(input && output && dlq);
  const groupId = newGroup();
  const handledBy = new Map<string, Set<number>>([
    ["a", new Set()],
    ["b", new Set()],
  ]);
  const start = (name: string) =>
    startLoop({
      transport: newTransport(),
      groupId,
      topics: [input],
      handler: echoHandler(output, async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        handledBy.get(name)?.add(event.n);
      }),
      maxInFlight: 16,
      deadLetterTopic: dlq,
      logger: silentLogger,
    });
  const [a, b] = await Promise.all([start("a"), start("b")]);
  await waitUntil(() => a.stats().assignment.length === 2 && b.stats().assignment.length === 2, "two partitions each", 30_000);
  const producer = newTransport();
  await producer.publish(testMessages(input, 400));
  await waitUntil(() => new Set([...(handledBy.get("a") ?? []), ...(handledBy.get("b") ?? [])]).size === 400, "all 400 handled", 60_000);
  const ends = await endOffsets(input);
  await waitUntil(
    async () => {
      const committed = await committedOffsets(groupId, input);
      return [...ends].every(([partition, end]) => committed.get(partition) === end);
    },
    "every partition committed to its end",
    15_000,
  );
  assert.ok((handledBy.get("a")?.size ?? 0) > 0 && (handledBy.get("b")?.size ?? 0) > 0, "both instances did work");
  await Promise.all([a.stop(), b.stop()]);
});

test("a rebalance abandons the revoked partitions' work: not published, not committed by the old owner", { timeout: 120_000 }, async () => {
  const [input, output, dlq] = await createTopics(2, "in", "out", "dlq");
  assert.ok(input && output && dlq);
  const groupId = newGroup();
  const gate = deferred();
  const named = (name: string, wait: boolean): MessageHandler<TestEvent> => ({
    name,
    decode: decodeTestEvent,
    async handle(event) {
      // Ignores the abort signal on purpose: the loop itself must drop the revoked work's outcome.
      if (wait) await gate.promise;
      return [{ topic: output, key: event.id, value: name }];
    },
  });
  const options = (name: string, wait: boolean) => ({
    transport: newTransport(),
    groupId,
    topics: [input],
    handler: named(name, wait),
    maxInFlight: 64,
    deadLetterTopic: dlq,
    logger: silentLogger,
  });
  const a = await startLoop(options("a", true));
  await waitUntil(() => a.stats().assignment.length === 2, "a owns both partitions", 30_000);
  await newTransport().publish(testMessages(input, 20));
  await waitUntil(() => a.stats().inFlight === 20, "a holds all twenty, unfinished", 30_000);

  const b = await startLoop(options("b", false));
  await waitUntil(() => a.stats().assignment.length === 1 && b.stats().assignment.length === 1, "one partition each after the rebalance", 60_000);
  const revokedPartition = b.stats().assignment[0]?.partition;
  const log = await newTransport().readTopic(input);
  const revoked = log.filter((message) => message.partition === revokedPartition);
  await waitUntil(() => b.stats().handled === revoked.length, "b handled the revoked partition's messages", 30_000);

  gate.resolve();
  await waitUntil(() => a.stats().inFlight === 0, "a's handlers returned", 10_000);
  assert.equal(a.stats().abandoned, revoked.length, "a dropped every revoked message's outcome");
  assert.equal(a.stats().committed[`${input}/${revokedPartition}`], undefined, "a never committed the revoked partition");
  const ends = await endOffsets(input);
  await waitUntil(
    async () => {
      const committed = await committedOffsets(groupId, input);
      return [...ends].every(([partition, end]) => committed.get(partition) === end);
    },
    "both partitions committed by their owners",
    15_000,
  );
  const outputs = await newTransport().readTopic(output);
  assert.equal(outputs.length, 20, "exactly one output per message");
  for (const message of outputs) {
    const source = log.find((entry) => entry.key === message.key);
    assert.equal(message.value?.toString(), source?.partition === revokedPartition ? "b" : "a");
  }
  await Promise.all([a.stop(), b.stop()]);
});

test("at the in-flight limit the loop waits inside the batch and keeps its membership alive with heartbeats", { timeout: 120_000 }, async () => {
  const [input, output, dlq] = await createTopics(1, "in", "out", "dlq");
  assert.ok(input && output && dlq);
  const groupId = newGroup();
  // The shortest session the broker allows. The first ten messages hold every slot for 8 s with nothing
  // finished (so no commit refreshes the session either): only heartbeats keep the membership.
  const transport = bed.newTransport({ consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 } });
  let running = 0;
  let peak = 0;
  const handledCount = new Map<number, number>();
  await transport.publish(testMessages(input, 30));
  const loop = await startLoop({
    transport,
    groupId,
    topics: [input],
    handler: echoHandler(output, async (event) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, event.n < 10 ? 8_000 : 100));
      running -= 1;
      handledCount.set(event.n, (handledCount.get(event.n) ?? 0) + 1);
    }),
    maxInFlight: 10,
    deadLetterTopic: dlq,
    logger: silentLogger,
  });
  await waitUntil(() => loop.stats().handled === 30, "all 30 handled", 90_000);
  await waitUntil(async () => (await committedOffsets(groupId, input)).get(0) === 30, "offset 30 committed", 10_000);
  await loop.stop();
  assert.equal(peak, 10, "never more than maxInFlight at once");
  assert.equal(loop.stats().assignments, 1, "the membership held: no rejoin after a session timeout");
  assert.equal(loop.stats().skippedAsTaken, 0, "nothing was fetched twice");
  assert.ok(
    [...handledCount.values()].every((count) => count === 1),
    "each message handled exactly once",
  );
});

test("after a crash kafkajs does not restart from, the transport consumer is recreated and consumption goes on", { timeout: 90_000 }, async () => {
  const [input] = await createTopics(1, "in");
  assert.ok(input);
  const transport = newTransport();
  const consumer = transport.createConsumer({ groupId: newGroup(), topics: [input], fromBeginning: true, logger: silentLogger });
  let crashed = false;
  let assignments = 0;
  let membershipsLost = 0;
  const seen = new Set<string>();
  await consumer.start({
    async onBatch(batch, controls) {
      if (!crashed) {
        crashed = true;
        // A bug, not a Kafka error: kafkajs gives up on such a crash instead of restarting.
        throw new TypeError("a bug in the batch handler");
      }
      for (const message of batch.messages) {
        seen.add(message.offset);
        controls.markTaken(message.offset);
      }
    },
    onAssignment: () => {
      assignments += 1;
    },
    onMembershipLost: () => {
      membershipsLost += 1;
    },
  });
  await transport.publish(testMessages(input, 5));
  await waitUntil(() => seen.size === 5, "all five delivered by the recreated consumer", 60_000);
  await consumer.stop();
  assert.ok(crashed);
  assert.ok(membershipsLost >= 1, "the loop is told it lost its membership");
  assert.ok(assignments >= 2, "the recreated consumer joined the group again");
});

for (const hugeBytes of [3 * 1024 * 1024])
  test(`a message of ${hugeBytes} bytes, refused by the broker, fails only its own publish; the rest of its batch is delivered`, async () => {
    const [topic] = (await createTopics(1, "oversized")) as [string];
    // One batch for all three callers: the limit on the batch is well over the refused message.
    const transport = bed.newTransport({ producer: { maxBatchBytes: 8 * 1024 * 1024, lingerMs: 50 } });
    const before = transport.publish([{ topic, key: "before", value: "small" }]);
    const oversized = transport.publish([{ topic, key: "huge", value: "x".repeat(hugeBytes) }]);
    const after = transport.publish([{ topic, key: "after", value: "small" }]);
    const outcomes = await Promise.allSettled([before, oversized, after]);
    assert.equal(outcomes[0].status, "fulfilled");
    assert.equal(outcomes[2].status, "fulfilled");
    assert.equal(outcomes[1].status, "rejected");
    const refusal = (outcomes[1] as PromiseRejectedResult).reason as { retryable?: boolean };
    assert.equal(refusal.retryable, false, "a refusal for size is final: retrying it would hold the partition's results forever");
    const delivered = await waitForMessages(transport, { topic, until: (messages) => messages.length >= 2, timeoutMs: 30_000 });
    assert.deepEqual(delivered.map((message) => message.key).sort(), ["after", "before"]);
  });
