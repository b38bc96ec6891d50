import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ClickHouseStore } from "@switchyard/clickhouse";
import type { ResultEvent, TaskEventInput, TopicNames, UsageEvent } from "@switchyard/contracts";
import { waitForMessages, type IncomingMessage } from "@switchyard/kafka";
import { resolveRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import { parseResults, parseUsage, startOtlpReceiver, uniqueName, waitUntil, type OtlpReceiver, type ReceivedSpan } from "@switchyard/test-support";
import { SpanKind, startTracing, type Tracing } from "@switchyard/tracing";
import { countRows, PipelineTestBed, startPipeline } from "./pipeline-support";

// One task through router, shadow and sink on the real broker and ClickHouse, each
// service exporting spans to an in-process OTLP/HTTP receiver: one connected trace.
const PROMPT = "Summarise week 7 of campaign tracing-421: 3,180 clicks, 912 USD spent, CTR up 4%.";
const OTLP_SPAN_KIND = { client: 3, producer: 4, consumer: 5 } as const;

const bed = new PipelineTestBed();
let receiver: OtlpReceiver;
let routing: RoutingConfig;
let topics: TopicNames;
let store: ClickHouseStore;
let producerSpan: { traceId: string; spanId: string };
let resultMessage: IncomingMessage;
let result: ResultEvent;
let usage: UsageEvent[] = [];
let traced: ReceivedSpan[] = [];

async function startServiceTracing(serviceName: string): Promise<Tracing> {
  const tracing = await startTracing({ serviceName, tracesUrl: `${receiver.url}/v1/traces`, headers: {}, exportIntervalMs: 200, logger: bed.logger });
  bed.onClean(() => tracing.shutdown());
  return tracing;
}

before(async () => {
  await bed.connect();
  receiver = await startOtlpReceiver();
  bed.onClean(() => receiver.close());
  // Every eligible task shadowed: the one task goes through the shadow and its judge.
  routing = resolveRoutingConfig({ shadow: { defaultRate: 1 } });
  store = bed.newStore();
  topics = await bed.createTopicNames(1);
  const simulator = await bed.startSimulator({ latencyScale: 0 });
  const tracing = {
    router: await startServiceTracing("switchyard-router"),
    shadow: await startServiceTracing("switchyard-shadow"),
    sink: await startServiceTracing("switchyard-metrics-sink"),
  };
  const producer = await startServiceTracing("test-producer");
  const pipeline = await startPipeline({ bed, topics, routing, simulator, store, tracing });

  // A producer that traces: its span's context goes in the task's `traceparent` header (W3C).
  const task: TaskEventInput = { id: uniqueName("traced"), type: "campaign_summary", messages: [{ role: "user", content: PROMPT }], maxTokens: 200 };
  const span = producer.tracer.startSpan(`send ${topics.tasks}`, { kind: SpanKind.PRODUCER });
  producerSpan = span.spanContext();
  await pipeline.transport.publish([
    { topic: topics.tasks, key: task.id, value: JSON.stringify(task), headers: { traceparent: `00-${producerSpan.traceId}-${producerSpan.spanId}-01` } },
  ]);
  span.end();

  [resultMessage] = (await waitForMessages(pipeline.transport, { topic: topics.results, timeoutMs: 60_000, until: (seen) => seen.length >= 1 })) as [
    IncomingMessage,
  ];
  [result] = parseResults([resultMessage]) as [ResultEvent];
  await waitUntil(() => pipeline.shadow?.stats().handled === 1, "the shadow consumer handled the candidate");
  await waitUntil(
    async () =>
      (await countRows(store, "SELECT count() AS n FROM llm_shadow FINAL")) === 1 && (await countRows(store, "SELECT count() AS n FROM llm_usage FINAL")) === 3,
    "the sink stored the shadow event and the three calls' usage",
  );
  usage = parseUsage(await pipeline.transport.readTopic(topics.usage));
  // The sink's spans end when its loop has finished the messages: wait for that before exporting.
  await waitUntil(() => pipeline.sink.loop.stats().handled === 4, "the sink finished its four messages");
  const expectedSpans = 14;
  await waitUntil(
    async () => {
      await Promise.all([tracing.router, tracing.shadow, tracing.sink, producer].map((each) => each.flush()));
      return receiver.spans.length >= expectedSpans;
    },
    () => `the receiver got the trace's ${expectedSpans} spans (has ${receiver.spans.length})`,
  );
  traced = receiver.spans;
});

after(() => bed.clean());

function only<Item>(items: Item[], what: string): Item {
  assert.equal(items.length, 1, `one ${what} (got ${items.length})`);
  return items[0] as Item;
}

describe("tracing across the Kafka hops: one task, one trace", { timeout: 120_000 }, () => {
  it("hands the producer's trace on to the result", () => {
    assert.equal(result.status, "ok");
    assert.match(
      resultMessage.headers.traceparent ?? "",
      new RegExp(`^00-${producerSpan.traceId}-[0-9a-f]{16}-01$`),
      "the result carries the producer's trace",
    );
  });

  it("exports one connected trace: one trace id, every parent present, one root (the producer's span)", () => {
    assert.deepEqual(receiver.refused, [], "the receiver decoded every export");
    assert.equal(traced.length, 14, traced.map((span) => `${span.serviceName}: ${span.name}`).join("; "));
    assert.deepEqual([...new Set(traced.map((span) => span.traceId))], [producerSpan.traceId]);
    const byId = new Map(traced.map((span) => [span.spanId, span]));
    assert.equal(byId.size, traced.length, "span ids are unique");
    const roots = traced.filter((span) => span.parentSpanId === "");
    assert.deepEqual(
      roots.map((span) => span.spanId),
      [producerSpan.spanId],
    );
    for (const span of traced) {
      const seen = new Set<string>();
      let current: ReceivedSpan | undefined = span;
      while (current && current.parentSpanId !== "") {
        assert.ok(!seen.has(current.spanId), `no cycle through ${current.name}`);
        seen.add(current.spanId);
        current = byId.get(current.parentSpanId);
        assert.ok(current, `${span.serviceName} ${span.name}: its parent was exported`);
      }
      assert.equal(current?.spanId, producerSpan.spanId, `${span.name} leads to the producer's span`);
    }
    assert.deepEqual([...new Set(traced.map((span) => span.serviceName))].sort(), [
      "switchyard-metrics-sink",
      "switchyard-router",
      "switchyard-shadow",
      "test-producer",
    ]);
  });

  it("nests the router's model call under its task and the shadow under the router, with the GenAI attributes", () => {
    const routerProcess = only(
      traced.filter((span) => span.serviceName === "switchyard-router" && span.kind === OTLP_SPAN_KIND.consumer),
      "router process span",
    );
    assert.equal(routerProcess.parentSpanId, producerSpan.spanId);
    assert.equal(routerProcess.name, `process ${topics.tasks}`);
    assert.equal(routerProcess.attributes["messaging.system"], "kafka");
    assert.equal(routerProcess.attributes["messaging.destination.name"], topics.tasks);
    assert.equal(routerProcess.attributes["messaging.kafka.message.key"], result.taskId);

    const primary = only(
      traced.filter((span) => span.attributes["switchyard.role"] === "primary"),
      "primary model call",
    );
    const primaryUsage = only(
      usage.filter((event) => event.role === "primary"),
      "primary usage event",
    );
    assert.equal(primary.parentSpanId, routerProcess.spanId);
    assert.equal(primary.kind, OTLP_SPAN_KIND.client);
    assert.equal(primary.name, `chat ${routing.models.standard}`);
    assert.equal(primary.attributes["gen_ai.operation.name"], "chat");
    assert.equal(primary.attributes["gen_ai.provider.name"], "anthropic");
    assert.equal(primary.attributes["gen_ai.system"], "anthropic");
    assert.equal(primary.attributes["gen_ai.request.model"], routing.models.standard);
    assert.equal(typeof primary.attributes["gen_ai.response.model"], "string");
    assert.equal(primary.attributes["gen_ai.usage.input_tokens"], primaryUsage.inputTokens);
    assert.equal(primary.attributes["gen_ai.usage.output_tokens"], primaryUsage.outputTokens);
    assert.ok(primaryUsage.inputTokens > 0 && primaryUsage.outputTokens > 0);
    assert.equal(primary.attributes["switchyard.cost_usd"], primaryUsage.costUsd);
    assert.equal(primary.attributes["switchyard.tier"], "standard");

    const shadowProcess = only(
      traced.filter((span) => span.serviceName === "switchyard-shadow" && span.kind === OTLP_SPAN_KIND.consumer),
      "shadow process span",
    );
    assert.equal(shadowProcess.parentSpanId, routerProcess.spanId, "the shadow continues from the router's span");
    assert.equal(shadowProcess.name, `process ${topics.shadowCandidates}`);
    for (const role of ["shadow", "judge"]) {
      const call = only(
        traced.filter((span) => span.attributes["switchyard.role"] === role),
        `${role} model call`,
      );
      const event = usage.find((entry) => entry.role === role);
      assert.equal(call.parentSpanId, shadowProcess.spanId, `${role}: under the shadow's span`);
      assert.equal(call.attributes["gen_ai.request.model"], event?.model);
      assert.equal(call.attributes["gen_ai.usage.input_tokens"], event?.inputTokens);
      assert.equal(call.attributes["gen_ai.usage.output_tokens"], event?.outputTokens);
      assert.equal(call.attributes["switchyard.cost_usd"], event?.costUsd);
    }
  });

  it("ends at the sink: each stored event's span under the span that published it, with its insert", () => {
    const processSpans = traced.filter((span) => span.serviceName === "switchyard-metrics-sink" && span.kind === OTLP_SPAN_KIND.consumer);
    const byId = new Map(traced.map((span) => [span.spanId, span]));
    assert.equal(processSpans.length, 4, "three usage events and one shadow event");
    const publishedBy = processSpans.map((span) => `${span.attributes["messaging.destination.name"]} <- ${byId.get(span.parentSpanId)?.serviceName}`).sort();
    assert.deepEqual(publishedBy, [
      `${topics.shadow} <- switchyard-shadow`,
      `${topics.usage} <- switchyard-router`,
      `${topics.usage} <- switchyard-shadow`,
      `${topics.usage} <- switchyard-shadow`,
    ]);
    const inserts = traced.filter((span) => span.serviceName === "switchyard-metrics-sink" && span.kind === OTLP_SPAN_KIND.client);
    assert.deepEqual(inserts.map((span) => span.attributes["db.collection.name"]).sort(), ["llm_shadow", "llm_usage", "llm_usage", "llm_usage"]);
    for (const insert of inserts) {
      assert.equal(insert.attributes["db.system.name"], "clickhouse");
      assert.ok(
        processSpans.some((span) => span.spanId === insert.parentSpanId),
        "an insert is under the sink's span of its event",
      );
    }
  });

  it("keeps prompt and answer text out of every span", () => {
    const exported = JSON.stringify(traced);
    assert.ok(!exported.includes("tracing-421"), "no prompt text");
    assert.ok(result.text && result.text.length > 20 && !exported.includes(result.text.slice(0, 20)), "no answer text");
  });
});
