import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_TOPICS, ShadowEventSchema, UsageEventSchema, type ShadowCandidateEvent } from "@switchyard/contracts";
import type { IncomingMessage } from "@switchyard/kafka";
import { createPricingCatalog, DEFAULT_RETRY_POLICY } from "@switchyard/llm";
import { ConfigurationError } from "@switchyard/platform";
import { resolveRoutingConfig } from "@switchyard/routing";
import { buildResultEvent, createScriptedProvider, createTestLogger } from "@switchyard/test-support";
import { assertEvaluatorsRegistered, createEvaluatorRegistry, createShadowHandler, type Evaluator } from "../src/index";

const logger = createTestLogger("shadow-evaluator-test");

// A new evaluator is one object registered under a name; the routing config picks it per task type.
const exactEvaluator: Evaluator = {
  async evaluate({ original, shadow }) {
    const agree = original.text.trim() === shadow.text.trim();
    return { evaluator: "exact", score: agree ? 1 : 0, agree, judgeAttempts: [] };
  },
};

const routing = resolveRoutingConfig({
  taskTypes: {
    capital_city: {
      dimensions: { inputTokenEstimate: 5_000, requiresReasoning: false, outputType: "free_form", accuracy: "standard" },
      evaluator: "exact",
    },
  },
});

function candidate(originalText: string): IncomingMessage {
  const event: ShadowCandidateEvent = {
    version: 1,
    task: { version: 1, id: "cap-1", type: "capital_city", messages: [{ role: "user", content: "The capital of France?" }], maxTokens: 20 },
    result: buildResultEvent({ taskId: "cap-1", type: "capital_city", text: originalText, tier: "standard", model: routing.models.standard }),
  };
  return {
    topic: DEFAULT_TOPICS.shadowCandidates,
    partition: 0,
    offset: "0",
    key: "cap-1",
    value: Buffer.from(JSON.stringify(event)),
    headers: {},
    timestamp: "0",
  };
}

async function shadowOf(originalText: string, shadowText: string) {
  const provider = createScriptedProvider({ [routing.models.fast]: [{ text: shadowText }] });
  const handler = createShadowHandler({
    routing,
    provider,
    pricing: createPricingCatalog(),
    retryPolicy: DEFAULT_RETRY_POLICY,
    topics: DEFAULT_TOPICS,
    maxEventBytes: 1024 * 1024,
    evaluators: createEvaluatorRegistry({ exact: exactEvaluator }),
  });
  const message = candidate(originalText);
  const outputs = await handler.handle(handler.decode(message), { logger, signal: new AbortController().signal, message });
  const shadow = outputs.filter((output) => output.topic === DEFAULT_TOPICS.shadow).map((output) => ShadowEventSchema.parse(JSON.parse(String(output.value))));
  const usage = outputs.filter((output) => output.topic === DEFAULT_TOPICS.usage).map((output) => UsageEventSchema.parse(JSON.parse(String(output.value))));
  return { shadow, usage, calls: provider.calls };
}

describe("shadow evaluator registry", () => {
  it("a registered evaluator judges the task types configured with its name", async () => {
    const same = await shadowOf("Paris", " Paris ");
    assert.equal(same.shadow.length, 1);
    assert.deepEqual([same.shadow[0]?.evaluator, same.shadow[0]?.verdict, same.shadow[0]?.score], ["exact", "agree", 1]);
    assert.deepEqual(
      same.calls.map((call) => call.model),
      [routing.models.fast],
      "one shadow call, no judge",
    );
    assert.deepEqual(
      same.usage.map((event) => event.role),
      ["shadow"],
    );

    const different = await shadowOf("Paris", "Lyon");
    assert.deepEqual([different.shadow[0]?.evaluator, different.shadow[0]?.verdict, different.shadow[0]?.score], ["exact", "disagree", 0]);
  });

  it("the built-in evaluators stay registered beside it", () => {
    const registry = createEvaluatorRegistry({ exact: exactEvaluator });
    assert.deepEqual([...registry.keys()].sort(), ["exact", "judge", "similarity", "structured"]);
  });

  it("a routing config naming an evaluator nobody registered stops the shadow at start, naming the setting", () => {
    assert.throws(
      () => assertEvaluatorsRegistered(routing, createEvaluatorRegistry()),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "taskTypes.capital_city.evaluator",
    );
    assert.doesNotThrow(() => assertEvaluatorsRegistered(routing, createEvaluatorRegistry({ exact: exactEvaluator })));
  });
});
