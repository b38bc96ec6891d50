import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SwitchyardError } from "@switchyard/platform";
import { completeWithRetries, computeRetryDelayMs, type CallOutcome, type RetryPolicy } from "../src/index";
import { createScriptedProvider, invalidRequest, overloaded, rateLimited, recordingSleep, spendLimit } from "@switchyard/test-support";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000, attemptTimeoutMs: 1_000 };
const request = { model: "m", messages: [{ role: "user" as const, content: "hi" }], maxTokens: 10 };

describe("computeRetryDelayMs", () => {
  it("full jitter below an exponentially growing ceiling, capped at maxDelayMs", () => {
    const half = () => 0.5;
    assert.equal(computeRetryDelayMs(policy, 1, {}, half), 50);
    assert.equal(computeRetryDelayMs(policy, 2, {}, half), 100);
    assert.equal(computeRetryDelayMs(policy, 3, {}, half), 200);
    assert.equal(computeRetryDelayMs(policy, 10, {}, half), 500, "ceiling capped at 1,000");
    assert.equal(
      computeRetryDelayMs(policy, 1, {}, () => 0),
      0,
    );
    assert.ok(computeRetryDelayMs(policy, 1, {}, () => 0.999999) < 100);
  });

  it("never sooner than retry-after, which is capped at maxRetryAfterMs", () => {
    assert.equal(
      computeRetryDelayMs(policy, 1, { retryAfterMs: 1_000 }, () => 0.5),
      1_000,
    );
    assert.equal(
      computeRetryDelayMs(policy, 1, { retryAfterMs: 600_000 }, () => 0.5),
      5_000,
    );
    assert.equal(
      computeRetryDelayMs(policy, 10, { retryAfterMs: 10 }, () => 0.5),
      500,
      "the backoff wins when longer",
    );
  });
});

describe("completeWithRetries", () => {
  it("retries a 429 after its retry-after, then answers", async () => {
    const provider = createScriptedProvider({ m: [rateLimited(1_000), rateLimited(1_000), { text: "done" }] });
    const { delays, sleep } = recordingSleep();
    const outcomes: CallOutcome[] = [];
    const response = await completeWithRetries({ provider, request, policy, sleep, random: () => 0, onCall: (outcome) => outcomes.push(outcome) });
    assert.equal(response.text, "done");
    assert.deepEqual(delays, [1_000, 1_000]);
    assert.deepEqual(
      outcomes.map((outcome) => [outcome.attempt, outcome.error?.code ?? "ok"]),
      [
        [1, "model_rate_limited"],
        [2, "model_rate_limited"],
        [3, "ok"],
      ],
    );
  });

  it("caps a long retry-after", async () => {
    const provider = createScriptedProvider({ m: [rateLimited(3_600_000), { text: "done" }] });
    const { delays, sleep } = recordingSleep();
    await completeWithRetries({ provider, request, policy, sleep, random: () => 0 });
    assert.deepEqual(delays, [5_000]);
  });

  it("backs off exponentially on 529 and gives up after maxAttempts", async () => {
    const provider = createScriptedProvider({ m: [overloaded()] });
    const { delays, sleep } = recordingSleep();
    await assert.rejects(completeWithRetries({ provider, request, policy, sleep, random: () => 0.5 }), { code: "model_overloaded" });
    assert.equal(provider.calls.length, 4);
    assert.deepEqual(delays, [50, 100, 200]);
  });

  it("does not retry a spend-limit 429", async () => {
    const provider = createScriptedProvider({ m: [spendLimit(), { text: "never" }] });
    const { delays, sleep } = recordingSleep();
    await assert.rejects(completeWithRetries({ provider, request, policy, sleep }), { code: "model_spend_limit", retryable: false });
    assert.equal(provider.calls.length, 1);
    assert.deepEqual(delays, []);
  });

  it("does not retry an invalid request", async () => {
    const provider = createScriptedProvider({ m: [invalidRequest(), { text: "never" }] });
    await assert.rejects(completeWithRetries({ provider, request, policy, sleep: recordingSleep().sleep }), { code: "model_invalid_request" });
    assert.equal(provider.calls.length, 1);
  });

  it("passes the per-attempt timeout to the provider", async () => {
    let seen = 0;
    const provider = {
      complete: async (_request: unknown, options: { timeoutMs: number }) => {
        seen = options.timeoutMs;
        return createScriptedProvider({ m: [{ text: "x" }] }).complete(request, options);
      },
    };
    await completeWithRetries({ provider, request, policy });
    assert.equal(seen, 1_000);
    await completeWithRetries({ provider, request, policy, timeoutMs: 250 });
    assert.equal(seen, 250);
  });

  it("stops with a retryable shutting_down error when aborted while waiting", async () => {
    const provider = createScriptedProvider({ m: [rateLimited(1_000), { text: "never" }] });
    const controller = new AbortController();
    const sleep = async (_milliseconds: number, signal?: AbortSignal) => {
      controller.abort(new Error("shutdown"));
      if (signal?.aborted) throw signal.reason;
    };
    await assert.rejects(completeWithRetries({ provider, request, policy, sleep, signal: controller.signal }), (error: unknown) => {
      assert.ok(error instanceof SwitchyardError);
      assert.equal(error.code, "shutting_down");
      assert.equal(error.retryable, true);
      return true;
    });
    assert.equal(provider.calls.length, 1);
  });

  it("waits with real timers for at least the retry-after", async () => {
    const provider = createScriptedProvider({ m: [rateLimited(30), { text: "done" }] });
    const outcomes: CallOutcome[] = [];
    await completeWithRetries({ provider, request, policy: { ...policy, baseDelayMs: 1 }, onCall: (outcome) => outcomes.push(outcome) });
    const [first, second] = outcomes;
    assert.ok(first && second);
    assert.ok(second.startedAt.getTime() - (first.startedAt.getTime() + first.latencyMs) >= 29);
  });
});
