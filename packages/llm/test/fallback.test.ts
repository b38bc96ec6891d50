import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelCallError } from "../src/index";
import {
  completeWithFallback,
  createPricingCatalog,
  createStructuredOutputValidator,
  toResultErrorType,
  type AttemptRecord,
  type FallbackLink,
  type RetryPolicy,
} from "../src/index";
import { createScriptedProvider, overloaded, recordingSleep, spendLimit } from "@switchyard/test-support";

const policy: RetryPolicy = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1, attemptTimeoutMs: 1_000 };
const pricing = createPricingCatalog();
const request = { messages: [{ role: "user" as const, content: "Summarise the week." }], maxTokens: 100, taskType: "campaign_summary" };
const standardThenPowerful: FallbackLink[] = [
  { tier: "standard", model: "claude-sonnet-4-5" },
  { tier: "powerful", model: "claude-opus-4-5" },
];

describe("completeWithFallback", () => {
  it("standard fails on every attempt: powerful answers, every attempt recorded, fallbackFrom set", async () => {
    const provider = createScriptedProvider({
      "claude-sonnet-4-5": [overloaded()],
      "claude-opus-4-5": [{ text: "the summary", inputTokens: 1_000, outputTokens: 200 }],
    });
    const seen: AttemptRecord[] = [];
    const outcome = await completeWithFallback({
      provider,
      chain: standardThenPowerful,
      request,
      retryPolicy: policy,
      pricing,
      sleep: recordingSleep().sleep,
      onAttempt: (attempt) => seen.push(attempt),
    });
    assert.equal(outcome.status, "ok");
    assert.ok(outcome.status === "ok");
    assert.equal(outcome.tier, "powerful");
    assert.equal(outcome.model, "claude-opus-4-5");
    assert.equal(outcome.text, "the summary");
    assert.equal(outcome.fallbackFrom, "standard");
    assert.deepEqual(
      outcome.attempts.map((attempt) => [attempt.attempt, attempt.tier, attempt.role, attempt.status, attempt.errorType]),
      [
        [1, "standard", "primary", "error", "overloaded"],
        [2, "standard", "primary", "error", "overloaded"],
        [3, "powerful", "fallback", "ok", null],
      ],
    );
    assert.deepEqual(seen, outcome.attempts, "onAttempt sees every call");
    // Failed calls are billed nothing; the answer: 1,000 × $5 + 200 × $25 = $10,000 per million.
    assert.deepEqual(
      outcome.attempts.map((attempt) => attempt.costUsd),
      [0, 0, 0.01],
    );
    assert.equal(outcome.attempts[2]?.requestId, "req_claude-opus-4-5");
    assert.deepEqual(
      provider.calls.map((call) => call.model),
      ["claude-sonnet-4-5", "claude-sonnet-4-5", "claude-opus-4-5"],
    );
    assert.equal(provider.calls[0]?.taskType, "campaign_summary");
  });

  it("an answer that is not JSON is an output_invalid attempt, paid for, and falls back", async () => {
    const provider = createScriptedProvider({
      "claude-haiku-4-5": [{ text: "Sure! relevant: yes", inputTokens: 400, outputTokens: 10 }],
      "claude-sonnet-4-5": [{ text: '```json\n{"relevant": true}\n```', inputTokens: 400, outputTokens: 10 }],
    });
    const outcome = await completeWithFallback({
      provider,
      chain: [
        { tier: "fast", model: "claude-haiku-4-5" },
        { tier: "standard", model: "claude-sonnet-4-5" },
      ],
      request,
      retryPolicy: policy,
      pricing,
      validateOutput: createStructuredOutputValidator({ type: "object", required: ["relevant"], properties: { relevant: { type: "boolean" } } }),
    });
    assert.ok(outcome.status === "ok");
    assert.deepEqual(outcome.json, { relevant: true });
    assert.equal(outcome.fallbackFrom, "fast");
    const [invalid, valid] = outcome.attempts;
    assert.equal(outcome.attempts.length, 2, "output_invalid is not retried on the same model");
    assert.equal(invalid?.status, "error");
    assert.equal(invalid?.errorType, "output_invalid");
    assert.deepEqual(invalid?.usage, { inputTokens: 400, outputTokens: 10, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 });
    // 400 × $1 + 10 × $5 = $450 per million
    assert.ok(Math.abs((invalid?.costUsd ?? 0) - 0.00045) < 1e-12);
    assert.equal(valid?.status, "ok");
  });

  it("an answer that breaks the outputSchema is output_invalid too", async () => {
    const provider = createScriptedProvider({ "claude-haiku-4-5": [{ text: '{"relevant": "maybe"}' }] });
    const outcome = await completeWithFallback({
      provider,
      chain: [{ tier: "fast", model: "claude-haiku-4-5" }],
      request,
      retryPolicy: policy,
      pricing,
      validateOutput: createStructuredOutputValidator({ type: "object", properties: { relevant: { type: "boolean" } } }),
    });
    assert.ok(outcome.status === "error");
    assert.equal(outcome.error.code, "output_invalid");
    assert.equal(toResultErrorType(outcome.error), "output_invalid");
    assert.match(outcome.error.message, /outputSchema/);
  });

  it("a spend limit ends the chain: no other model can be paid for", async () => {
    const provider = createScriptedProvider({ "claude-sonnet-4-5": [spendLimit()], "claude-opus-4-5": [{ text: "never" }] });
    const outcome = await completeWithFallback({ provider, chain: standardThenPowerful, request, retryPolicy: policy, pricing });
    assert.ok(outcome.status === "error");
    assert.equal(toResultErrorType(outcome.error), "spend_limit");
    assert.deepEqual(
      provider.calls.map((call) => call.model),
      ["claude-sonnet-4-5"],
    );
    assert.equal(outcome.attempts.length, 1);
  });

  it("every link failing gives an error outcome with the last error and all attempts", async () => {
    const provider = createScriptedProvider({
      "claude-sonnet-4-5": [overloaded()],
      "claude-opus-4-5": [new ModelCallError("model_timeout", "slow", { retryable: true })],
    });
    const outcome = await completeWithFallback({ provider, chain: standardThenPowerful, request, retryPolicy: policy, pricing, sleep: recordingSleep().sleep });
    assert.ok(outcome.status === "error");
    assert.equal(outcome.error.code, "model_timeout");
    assert.equal(outcome.attempts.length, 4);
    assert.deepEqual(
      outcome.attempts.map((attempt) => attempt.attempt),
      [1, 2, 3, 4],
    );
  });

  it("a shadow or judge role applies to every attempt", async () => {
    const provider = createScriptedProvider({ "claude-sonnet-4-5": [overloaded()], "claude-opus-4-5": [{ text: "ok" }] });
    const outcome = await completeWithFallback({
      provider,
      chain: standardThenPowerful,
      request,
      retryPolicy: policy,
      pricing,
      role: "shadow",
      sleep: recordingSleep().sleep,
    });
    assert.deepEqual(
      outcome.attempts.map((attempt) => attempt.role),
      ["shadow", "shadow", "shadow"],
    );
  });

  it("an unknown model's attempts cost null, never 0", async () => {
    const provider = createScriptedProvider({ "acme-1": [{ text: "ok" }] });
    const outcome = await completeWithFallback({ provider, chain: [{ tier: "fast", model: "acme-1" }], request, retryPolicy: policy, pricing });
    assert.equal(outcome.attempts[0]?.costUsd, null);
  });
});
