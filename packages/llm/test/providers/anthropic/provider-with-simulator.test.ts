import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createLogger, SwitchyardError } from "@switchyard/platform";
import { startModelSimulator, type ModelSimulator } from "@switchyard/model-simulator";
import {
  buildStructuredOutputInstruction,
  completeWithFallback,
  completeWithRetries,
  computeCostUsd,
  createAnthropicProvider,
  createPricingCatalog,
  createStructuredOutputValidator,
  type CallOutcome,
  type ModelProvider,
  type RetryPolicy,
} from "../../../src/index";

// The real @anthropic-ai/sdk against the model simulator on an ephemeral port.
let simulator: ModelSimulator;
let provider: ModelProvider;
const logger = createLogger({ name: "provider-test", level: "silent" });
const pricing = createPricingCatalog();
const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5_000, attemptTimeoutMs: 5_000 };

const extractionSchema = {
  type: "object",
  required: ["advertiser", "budgetUsd", "channel", "active"],
  properties: {
    advertiser: { type: "string", maxLength: 40 },
    budgetUsd: { type: "number", minimum: 0, maximum: 100_000 },
    channel: { enum: ["search", "display", "video", "social"] },
    active: { type: "boolean" },
  },
  additionalProperties: false,
};

function extractionRequest(index: number) {
  return {
    system: `Extract the campaign fields.\n\n${buildStructuredOutputInstruction(extractionSchema)}`,
    messages: [{ role: "user" as const, content: `Insertion order #${index}: advertiser Acme ${index}, budget ${index * 37} USD, runs on search.` }],
    maxTokens: 256,
    taskType: "data_extraction",
  };
}

function summaryRequest(index: number) {
  return {
    messages: [{ role: "user" as const, content: `Summarise week ${index} of campaign ${index % 17}: clicks ${index * 11}, spend ${index * 3} USD.` }],
    maxTokens: 400,
    taskType: "campaign_summary",
  };
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

before(async () => {
  simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0 } });
  provider = createAnthropicProvider({ apiKey: "sk-test-not-a-real-key", baseUrl: simulator.url, logger });
});
after(() => simulator.close());
beforeEach(() => {
  simulator.setConfig({ faults: [], quality: {} });
  simulator.resetStats();
});

describe("Anthropic provider (real SDK) against the simulator", () => {
  it("a normal call: text, usage, request id, rate-limit headers", async () => {
    const response = await provider.complete({ model: "claude-haiku-4-5", ...extractionRequest(1) }, { timeoutMs: 5_000 });
    assert.match(response.requestId ?? "", /^req_/);
    assert.equal(response.model, "claude-haiku-4-5");
    assert.equal(response.stopReason, "end_turn");
    assert.ok(response.usage.inputTokens > 50);
    assert.equal(response.usage.outputTokens, Math.ceil(response.text.length / 4));
    assert.equal(response.usage.cacheCreationInputTokens, 0);
    assert.equal(response.rateLimit?.requests?.limit, 4_000);
    assert.equal(response.rateLimit?.requests?.remaining, 3_999);
    assert.deepEqual(createStructuredOutputValidator(extractionSchema)(response.text).ok, true, "the simulator follows the schema");
  });

  it("a task type outside Latin-1 (or with a line break) still makes the call", async () => {
    for (const taskType of ["关键词相关性", "résumé\r\nx-injected: 1", "emoji 🚀"]) {
      const response = await provider.complete({ model: "claude-haiku-4-5", ...summaryRequest(1), taskType }, { timeoutMs: 5_000 });
      assert.equal(response.stopReason, "end_turn", taskType);
    }
  });

  it("prompt caching: the usage's cache fields, priced by the catalog", async () => {
    const request = {
      model: "claude-sonnet-4-5",
      system: [{ type: "text", text: "Account history. ".repeat(300), cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user" as const, content: "What changed?" }],
      maxTokens: 100,
    };
    const first = await provider.complete(request, { timeoutMs: 5_000 });
    const second = await provider.complete(request, { timeoutMs: 5_000 });
    assert.equal(first.usage.cacheCreationInputTokens, 1_275);
    assert.equal(first.usage.cacheCreation5mInputTokens, 1_275);
    assert.equal(second.usage.cacheReadInputTokens, 1_275);
    assert.equal(second.usage.cacheCreationInputTokens, 0);
    // sonnet 4.5: input × 3 + output × 15 + read × 0.3, per million
    const expected = (second.usage.inputTokens * 3 + second.usage.outputTokens * 15 + 1_275 * 0.3) / 1e6;
    assert.ok(Math.abs((pricing.costOf("claude-sonnet-4-5", second.usage) ?? 0) - expected) < 1e-12);
    assert.equal(pricing.costOf("claude-sonnet-4-5", second.usage), computeCostUsd(second.usage, pricing.priceOf("claude-sonnet-4-5")!));
  });

  it("a 429 with retry-after 1 s is retried no sooner than it says, then answered", async () => {
    simulator.setConfig({ faults: [{ kind: "rate_limit", share: 1, limit: 1, retryAfterMs: 1_000 }] });
    const outcomes: CallOutcome[] = [];
    const response = await completeWithRetries({
      provider,
      request: { model: "claude-haiku-4-5", ...summaryRequest(1) },
      policy,
      onCall: (outcome) => outcomes.push(outcome),
    });
    assert.ok(response.text.length > 0);
    const [limited, answered] = outcomes;
    assert.ok(limited && answered);
    assert.equal(limited.error?.code, "model_rate_limited");
    assert.equal(limited.error?.retryAfterMs, 1_000);
    const waited = answered.startedAt.getTime() - (limited.startedAt.getTime() + limited.latencyMs);
    assert.ok(waited >= 999, `retried after ${waited} ms`);
    assert.deepEqual(simulator.stats().byStatus, { "429": 1, "200": 1 });
  });

  it("a spend-limit 429 is not retried", async () => {
    simulator.setConfig({ faults: [{ kind: "spend_limit", share: 1 }] });
    await assert.rejects(completeWithRetries({ provider, request: { model: "claude-opus-4-5", ...summaryRequest(2) }, policy }), {
      code: "model_spend_limit",
      retryable: false,
      status: 429,
    });
    assert.equal(simulator.stats().totalCalls, 1);
  });

  it("a 529 is retried; on every attempt it ends as overloaded", async () => {
    simulator.setConfig({ faults: [{ kind: "overloaded", share: 1, limit: 1 }] });
    const recovered = await completeWithFallback({
      provider,
      chain: [{ tier: "fast", model: "claude-haiku-4-5" }],
      request: summaryRequest(3),
      retryPolicy: policy,
      pricing,
    });
    assert.equal(recovered.status, "ok");
    assert.deepEqual(
      recovered.attempts.map((attempt) => attempt.errorType),
      ["overloaded", null],
    );

    simulator.setConfig({ faults: [{ kind: "overloaded", share: 1 }] });
    const failed = await completeWithFallback({
      provider,
      chain: [{ tier: "fast", model: "claude-haiku-4-5" }],
      request: summaryRequest(4),
      retryPolicy: policy,
      pricing,
    });
    assert.ok(failed.status === "error");
    assert.equal(failed.error.code, "model_overloaded");
    assert.equal(failed.error.status, 529);
    assert.equal(failed.attempts.length, 3);
  });

  it("a hang ends in the per-attempt timeout, and the connection is let go", async () => {
    simulator.setConfig({ faults: [{ kind: "hang", share: 1 }] });
    const outcome = await completeWithFallback({
      provider,
      chain: [{ tier: "fast", model: "claude-haiku-4-5" }],
      request: summaryRequest(5),
      retryPolicy: { ...policy, maxAttempts: 2 },
      timeoutMs: 200,
      pricing,
    });
    assert.ok(outcome.status === "error");
    assert.equal(outcome.error.code, "model_timeout");
    assert.deepEqual(
      outcome.attempts.map((attempt) => attempt.errorType),
      ["timeout", "timeout"],
    );
    assert.ok(outcome.attempts.every((attempt) => attempt.latencyMs >= 199));
    await waitUntil(() => simulator.stats().hanging === 0);
  });

  it("an abort while waiting on the model rejects with a retryable shutting_down", async () => {
    simulator.setConfig({ faults: [{ kind: "hang", share: 1 }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("shutdown")), 100);
    await assert.rejects(
      completeWithFallback({
        provider,
        chain: [{ tier: "fast", model: "claude-haiku-4-5" }],
        request: summaryRequest(6),
        retryPolicy: policy,
        pricing,
        signal: controller.signal,
      }),
      (error: unknown) => error instanceof SwitchyardError && error.code === "shutting_down" && error.retryable,
    );
  });

  it("the standard model failing on every call: powerful answers, fallbackFrom standard", async () => {
    simulator.setConfig({ faults: [{ kind: "server_error", share: 1, models: ["claude-sonnet-4-5"] }] });
    const outcome = await completeWithFallback({
      provider,
      chain: [
        { tier: "standard", model: "claude-sonnet-4-5" },
        { tier: "powerful", model: "claude-opus-4-5" },
      ],
      request: summaryRequest(7),
      retryPolicy: policy,
      pricing,
    });
    assert.ok(outcome.status === "ok");
    assert.equal(outcome.tier, "powerful");
    assert.equal(outcome.fallbackFrom, "standard");
    assert.deepEqual(
      outcome.attempts.map((attempt) => `${attempt.model}:${attempt.role}:${attempt.errorType ?? "ok"}`),
      [
        "claude-sonnet-4-5:primary:model_error",
        "claude-sonnet-4-5:primary:model_error",
        "claude-sonnet-4-5:primary:model_error",
        "claude-opus-4-5:fallback:ok",
      ],
    );
    assert.ok(outcome.attempts.every((attempt) => attempt.requestId?.startsWith("req_")));
    assert.ok((outcome.attempts[3]?.costUsd ?? 0) > 0);
  });

  it("output that is not JSON falls back to the next tier", async () => {
    simulator.setConfig({ faults: [{ kind: "invalid_output", share: 1, models: ["claude-haiku-4-5"] }] });
    const outcome = await completeWithFallback({
      provider,
      chain: [
        { tier: "fast", model: "claude-haiku-4-5" },
        { tier: "standard", model: "claude-sonnet-4-5" },
      ],
      request: extractionRequest(8),
      retryPolicy: policy,
      pricing,
      validateOutput: createStructuredOutputValidator(extractionSchema),
    });
    assert.ok(outcome.status === "ok");
    assert.equal(outcome.model, "claude-sonnet-4-5");
    assert.equal(typeof (outcome.json as { active: unknown }).active, "boolean");
    assert.equal(outcome.attempts[0]?.errorType, "output_invalid");
    assert.ok((outcome.attempts[0]?.usage.outputTokens ?? 0) > 0, "the invalid answer's tokens are recorded");
  });
});

describe("the simulator's quality model, through the real SDK", () => {
  const SAMPLES = 1_000;

  async function agreementShare(
    makeRequest: (index: number) => ReturnType<typeof summaryRequest> | ReturnType<typeof extractionRequest>,
    compare: (cheap: string, reference: string) => boolean,
  ) {
    let agreed = 0;
    const validate = createStructuredOutputValidator(extractionSchema);
    for (let start = 0; start < SAMPLES; start += 50) {
      const batch = Array.from({ length: 50 }, (_, offset) => start + offset);
      const pairs = await Promise.all(
        batch.map(async (index) => {
          const request = makeRequest(index);
          const [cheap, reference] = await Promise.all([
            provider.complete({ model: "claude-haiku-4-5", ...request }, { timeoutMs: 10_000 }),
            provider.complete({ model: "claude-opus-4-5", ...request }, { timeoutMs: 10_000 }),
          ]);
          if (request.taskType === "data_extraction") assert.equal(validate(cheap.text).ok, true, "a differing answer still follows the schema");
          return compare(cheap.text, reference.text);
        }),
      );
      agreed += pairs.filter(Boolean).length;
    }
    return agreed / SAMPLES;
  }

  // Deterministic for a given seed; the bound is what a binomial sample of 1,000 allows (4.5 standard deviations).
  function assertNear(share: number, expected: number) {
    const tolerance = 4.5 * Math.sqrt((expected * (1 - expected)) / SAMPLES);
    assert.ok(Math.abs(share - expected) <= tolerance, `share ${share}, expected ${expected} ± ${tolerance.toFixed(3)}`);
  }

  it("the cheaper tier agrees on the configured share of each task type", async () => {
    simulator.setConfig({ quality: { agreement: { data_extraction: { "claude-haiku-4-5": 0.98 }, campaign_summary: { "claude-haiku-4-5": 0.6 } } } });
    const structured = await agreementShare(
      extractionRequest,
      (cheap, reference) => JSON.stringify(JSON.parse(cheap)) === JSON.stringify(JSON.parse(reference)),
    );
    const prose = await agreementShare(summaryRequest, (cheap, reference) => cheap === reference);
    assertNear(structured, 0.98);
    assertNear(prose, 0.6);
  });

  it("a differing free-form answer is clearly different, and the simulated judge says so", async () => {
    simulator.setConfig({ quality: { agreement: { campaign_summary: { "claude-haiku-4-5": 0 } } } });
    const request = summaryRequest(42);
    const cheap = await provider.complete({ model: "claude-haiku-4-5", ...request }, { timeoutMs: 5_000 });
    const reference = await provider.complete({ model: "claude-opus-4-5", ...request }, { timeoutMs: 5_000 });
    assert.notEqual(cheap.text, reference.text);
    const judge = async (candidate: string) => {
      const response = await provider.complete(
        {
          model: "claude-sonnet-4-5",
          system: 'You are an impartial evaluator. Respond with only a JSON object: {"score": number, "verdict": "agree" | "disagree", "reason": string}.',
          messages: [{ role: "user", content: `<task>\nsummary\n</task>\n<answer_a>\n${reference.text}\n</answer_a>\n<answer_b>\n${candidate}\n</answer_b>` }],
          maxTokens: 200,
        },
        { timeoutMs: 5_000 },
      );
      return JSON.parse(response.text) as { score: number; verdict: string };
    };
    const different = await judge(cheap.text);
    assert.equal(different.verdict, "disagree");
    assert.ok(different.score < 0.2, `${different.score}`);
    assert.deepEqual(await judge(reference.text), { score: 1, verdict: "agree", reason: "B states the same facts and recommendations as A." });
  });
});
