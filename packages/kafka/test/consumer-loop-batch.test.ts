import { test } from "node:test";
import assert from "node:assert/strict";
import { DEAD_LETTER_HEADERS } from "@switchyard/contracts";
import { SwitchyardError } from "@switchyard/platform";
import { waitUntil } from "@switchyard/test-support";
import {
  createInMemoryTransport,
  runConsumerLoop,
  type ConsumerLoop,
  type EventOutcome,
  type MessageHandler,
  type MessageTracing,
  type OutgoingMessage,
  type Transport,
} from "../src/index";
import { decodeTestEvent, deferred, HandlerRefusedError, silentLogger, testMessages, type TestEvent, stopLoopsAfterEachTest } from "./support";

const stopAfterTest = stopLoopsAfterEachTest();

class StoreUnavailableError extends SwitchyardError<"store_unavailable"> {
  constructor() {
    super("store_unavailable", "store away", { retryable: true });
  }
}

/** A handler with a batch path whose outcome per event the test decides; `handle` (the per-message path) is counted apart. */
function batchHandler(outcomeOf: (event: TestEvent, call: number) => EventOutcome | Promise<EventOutcome>) {
  const calls: TestEvent[][] = [];
  let perMessage = 0;
  const handler: MessageHandler<TestEvent> = {
    name: "batch",
    decode: decodeTestEvent,
    taskIdOf: (event) => event.id,
    async handle(event) {
      perMessage += 1;
      const outcome = await outcomeOf(event, 0);
      if ("error" in outcome) throw outcome.error;
      return outcome.outputs;
    },
    async handleBatch(events) {
      calls.push([...events]);
      return Promise.all(events.map((event) => outcomeOf(event, calls.length)));
    },
  };
  return { handler, calls, perMessageCalls: () => perMessage };
}

async function startLoop(transport: Transport, handler: MessageHandler<TestEvent>, tracing?: MessageTracing): Promise<ConsumerLoop> {
  const loop = await runConsumerLoop({
    transport,
    groupId: "group",
    topics: ["in"],
    handler,
    maxInFlight: 64,
    deadLetterTopic: "dlq",
    logger: silentLogger,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    commitIntervalMs: 20,
    ...(tracing ? { tracing } : {}),
  });
  stopAfterTest(loop);
  return loop;
}

const committed = (transport: ReturnType<typeof createInMemoryTransport>) => transport.committedOffset("group", { topic: "in", partition: 0 });
const output = (event: TestEvent): EventOutcome => ({ outputs: [{ topic: "out", key: event.id, value: String(event.n) }] });

test("batch path: one call gets a fetch's events; a bad message goes to the DLQ alone, the others are handled and committed", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const { handler, calls, perMessageCalls } = batchHandler(output);
  const messages: OutgoingMessage[] = testMessages("in", 6);
  messages.splice(3, 0, { topic: "in", key: "bad", value: "not json" });
  await transport.publish(messages);
  const loop = await startLoop(transport, handler);

  await waitUntil(() => committed(transport) === 7, "the commit moves past all seven messages");
  assert.equal(calls.length, 1, "the six valid events were handled in one call");
  assert.deepEqual(
    calls[0]?.map((event) => event.id),
    ["t-0", "t-1", "t-2", "t-3", "t-4", "t-5"],
  );
  assert.equal(perMessageCalls(), 0);
  const deadLetters = await transport.readTopic("dlq");
  assert.equal(deadLetters.length, 1);
  assert.equal(deadLetters[0]?.value?.toString("utf8"), "not json");
  assert.equal(deadLetters[0]?.headers[DEAD_LETTER_HEADERS.errorCode], "event_not_json");
  assert.deepEqual(
    (await transport.readTopic("out")).map((message) => message.key),
    ["t-0", "t-1", "t-2", "t-3", "t-4", "t-5"],
  );
  assert.equal(loop.stats().handled, 7);
  assert.equal(loop.stats().deadLettered, 1);
});

test("batch path: an event that fails with a retryable error is handled again alone; one that fails for good is dead-lettered", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const { handler, calls } = batchHandler((event, call) => {
    if (event.id === "t-1" && call < 3) return { error: new StoreUnavailableError() };
    if (event.id === "t-2") return { error: new HandlerRefusedError("row refused") };
    return output(event);
  });
  await transport.publish(testMessages("in", 4));
  const loop = await startLoop(transport, handler);

  await waitUntil(() => committed(transport) === 4, "all four committed");
  assert.deepEqual(
    calls.map((events) => events.map((event) => event.id)),
    [["t-0", "t-1", "t-2", "t-3"], ["t-1"], ["t-1"]],
    "only the retryable failure is handled again",
  );
  const deadLetters = await transport.readTopic("dlq");
  assert.deepEqual(
    deadLetters.map((message) => [message.key, message.headers[DEAD_LETTER_HEADERS.errorCode], message.headers[DEAD_LETTER_HEADERS.taskId]]),
    [["t-2", "handler_refused", "t-2"]],
  );
  assert.deepEqual((await transport.readTopic("out")).map((message) => message.key).sort(), ["t-0", "t-1", "t-3"]);
  assert.equal(loop.stats().retried, 2);
});

test("batch path: nothing is committed before handleBatch settles (the sink's insert)", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const inserted = deferred();
  const { handler } = batchHandler(async () => {
    await inserted.promise;
    return { outputs: [] };
  });
  await transport.publish(testMessages("in", 5));
  const loop = await startLoop(transport, handler);
  await waitUntil(() => loop.stats().inFlight === 5, "all five are in flight");
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(committed(transport), undefined, "no offset is committed while the insert is under way");
  inserted.resolve();
  await waitUntil(() => committed(transport) === 5, "committed after the insert");
  assert.equal(loop.stats().inFlight, 0, "every slot is given back");
});

test("batch path: a throwing handleBatch fails every event of the call: retried when retryable, then done", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  let failures = 2;
  const handler: MessageHandler<TestEvent> = {
    name: "throwing",
    decode: decodeTestEvent,
    handle: () => Promise.reject(new Error("the batch path should be used")),
    handleBatch(events) {
      if (failures-- > 0) return Promise.reject(new StoreUnavailableError());
      return Promise.resolve(events.map(() => ({ outputs: [] })));
    },
  };
  await transport.publish(testMessages("in", 3));
  const loop = await startLoop(transport, handler);
  await waitUntil(() => committed(transport) === 3, "committed after the retries");
  assert.equal(loop.stats().retried, 2);
  assert.equal((await transport.readTopic("dlq")).length, 0);
});

test("batch path: with tracing on, every message keeps its own span: the loop calls handle per message", async () => {
  const transport = createInMemoryTransport({ defaultPartitions: 1 });
  const { handler, calls, perMessageCalls } = batchHandler(output);
  let traced = 0;
  const tracing: MessageTracing = {
    trace: (_message, _group, handle) => ((traced += 1), handle()),
    inject: (messages) => [...messages],
    fail: () => undefined,
  };
  await transport.publish(testMessages("in", 3));
  await startLoop(transport, handler, tracing);
  await waitUntil(() => committed(transport) === 3, "all three committed");
  assert.equal(calls.length, 0);
  assert.equal(perMessageCalls(), 3);
  assert.equal(traced, 3);
});
