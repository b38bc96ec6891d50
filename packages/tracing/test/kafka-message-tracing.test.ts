import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { context, SpanStatusCode } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createInMemoryTransport, runConsumerLoop, waitForMessages, type MessageHandler } from "@switchyard/kafka";
import { InvalidEventError } from "@switchyard/contracts";
import { createTestLogger, waitUntil } from "@switchyard/test-support";
import { createKafkaMessageTracing } from "../src/kafka-message-tracing";

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracing = createKafkaMessageTracing(provider.getTracer("test"));
const logger = createTestLogger("kafka-message-tracing");
after(() => provider.shutdown());

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";

// Echoes each message to "out"; "bad" cannot be decoded (dead letter).
const handler: MessageHandler<string> = {
  name: "echo",
  decode(message) {
    const text = message.value?.toString("utf8") ?? "";
    if (text === "bad") throw new InvalidEventError("event_invalid", "not an event: bad");
    return text;
  },
  async handle(text) {
    return [{ topic: "out", key: text, value: text }];
  },
};

describe("Kafka message tracing in the consumer loop", () => {
  it("continues the producer's trace, carries it on in the outputs, marks a dead letter with its code, and starts a trace for a hostile header", async () => {
    const transport = createInMemoryTransport({ defaultPartitions: 1 });
    await transport.publish([
      { topic: "in", key: "a", value: "traced", headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: "vendor=x" } },
      { topic: "in", key: "b", value: "bad", headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } },
      { topic: "in", key: "c", value: "hostile", headers: { traceparent: `00-${"z".repeat(32)}-${PARENT_ID}-01\n` } },
    ]);
    const loop = await runConsumerLoop({ transport, groupId: "g", topics: ["in"], handler, maxInFlight: 4, deadLetterTopic: "dlq", logger, tracing });
    const out = await waitForMessages(transport, { topic: "out", timeoutMs: 10_000, until: (seen) => seen.length >= 2 });
    await waitUntil(() => exporter.getFinishedSpans().length === 3, "three process spans");
    await loop.stop();

    const spans = new Map(exporter.getFinishedSpans().map((span) => [span.attributes["messaging.kafka.message.key"], span]));
    const traced = spans.get("a");
    assert.equal(traced?.spanContext().traceId, TRACE_ID);
    assert.equal(traced?.parentSpanContext?.spanId, PARENT_ID);
    assert.equal(traced?.name, "process in");
    const tracedOut = out.find((message) => message.key === "traced");
    assert.equal(tracedOut?.headers.traceparent, `00-${TRACE_ID}-${traced?.spanContext().spanId}-01`);
    assert.equal(tracedOut?.headers.tracestate, "vendor=x");

    const deadLettered = spans.get("b");
    assert.equal(deadLettered?.status.code, SpanStatusCode.ERROR);
    assert.equal(deadLettered?.status.message, "event_invalid");
    assert.ok(!JSON.stringify(deadLettered?.attributes).includes("not an event"), "the error's text stays out");

    const hostile = spans.get("c");
    assert.notEqual(hostile?.spanContext().traceId, TRACE_ID);
    assert.equal(hostile?.parentSpanContext, undefined, "an unreadable traceparent starts a new trace");
  });

  it("leaves messages as they are outside a traced message", () => {
    const messages = [{ topic: "out", key: "k", value: "v" }];
    assert.deepEqual(tracing.inject(messages), messages);
  });
});
