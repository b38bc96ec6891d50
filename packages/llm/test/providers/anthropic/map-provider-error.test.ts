import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import { ModelCallError } from "../../../src/index";
import { InvalidEventError } from "@switchyard/contracts";
import { isSpendLimitError, mapProviderError, parseRetryAfterMs, readRateLimitHeaders, toResultErrorType } from "../../../src/index";

function apiError(status: number, type: string, message: string, headers: Record<string, string> = {}, details?: Record<string, string>) {
  const body = { type: "error", error: { type, message, ...(details ? { details } : {}) } };
  return APIError.generate(status, body, undefined, new Headers({ "request-id": "req_abc", ...headers }));
}

describe("isSpendLimitError (the one place that reads the provider's error text)", () => {
  const facts = { status: 429, type: "rate_limit_error", errorCode: null, apiMessage: "Number of requests has exceeded your rate limit" };

  it("a plain rate limit is not a spend limit", () => {
    assert.equal(isSpendLimitError(facts), false);
  });

  it("recognises the API's stable error codes and the billing type", () => {
    assert.equal(isSpendLimitError({ ...facts, errorCode: "enforced_spend_limit_reached" }), true);
    assert.equal(isSpendLimitError({ ...facts, errorCode: "contract_spend_limit_reached" }), true);
    assert.equal(isSpendLimitError({ ...facts, errorCode: "ramp_limit_exceeded" }), false);
    assert.equal(isSpendLimitError({ ...facts, type: "billing_error" }), true);
    assert.equal(isSpendLimitError({ ...facts, status: 402, type: "billing_error", errorCode: "linked_organization_spend_limit_reached" }), true);
  });

  it("falls back to the wording when the response has no code", () => {
    assert.equal(isSpendLimitError({ ...facts, apiMessage: "You have reached your specified API usage limits. You will regain access on 2026-12-01." }), true);
    assert.equal(isSpendLimitError({ ...facts, apiMessage: "Your workspace has reached its spend limit." }), true);
    assert.equal(isSpendLimitError({ ...facts, status: 500, apiMessage: "usage limits reached" }), false, "only a 429 or 402");
  });
});

describe("mapProviderError", () => {
  it("429 → model_rate_limited, retryable, with retry-after and the request id", () => {
    const error = mapProviderError(apiError(429, "rate_limit_error", "slow down", { "retry-after": "2" }), "claude-haiku-4-5");
    assert.equal(error.code, "model_rate_limited");
    assert.equal(error.retryable, true);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 2_000);
    assert.equal(error.requestId, "req_abc");
    assert.ok(error.cause instanceof APIError, "the SDK error is the cause");
    assert.match(error.message, /claude-haiku-4-5: 429 rate_limit_error: slow down/);
  });

  it("a spend-limit 429 → model_spend_limit, not retryable", () => {
    const error = mapProviderError(apiError(429, "rate_limit_error", "usage limit", {}, { error_code: "enforced_spend_limit_reached" }), "m");
    assert.equal(error.code, "model_spend_limit");
    assert.equal(error.retryable, false);
  });

  it("maps each status to a stable code", () => {
    const cases: Array<[number, string, string, boolean]> = [
      [529, "overloaded_error", "model_overloaded", true],
      [500, "api_error", "model_error", true],
      [503, "api_error", "model_error", true],
      [504, "timeout_error", "model_timeout", true],
      [408, "timeout_error", "model_timeout", true],
      [409, "conflict_error", "model_error", true],
      [400, "invalid_request_error", "model_invalid_request", false],
      [404, "not_found_error", "model_invalid_request", false],
      [413, "request_too_large", "model_invalid_request", false],
      [401, "authentication_error", "model_authentication", false],
      [403, "permission_error", "model_authentication", false],
      [402, "billing_error", "model_spend_limit", false],
    ];
    for (const [status, type, code, retryable] of cases) {
      const error = mapProviderError(apiError(status, type, "x"), "m");
      assert.equal(error.code, code, `${status}`);
      assert.equal(error.retryable, retryable, `${status}`);
    }
  });

  it("connection errors and SDK timeouts are retryable", () => {
    const connection = mapProviderError(new APIConnectionError({ cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }), "m");
    assert.equal(connection.code, "model_connection");
    assert.equal(connection.retryable, true);
    assert.match(connection.message, /ECONNREFUSED/);
    const timeout = mapProviderError(new APIConnectionTimeoutError(), "m");
    assert.equal(timeout.code, "model_timeout");
    assert.equal(timeout.retryable, true);
  });

  it("anything else is a model_error that is not retried; a ModelCallError passes through", () => {
    const error = mapProviderError(new TypeError("boom"), "m");
    assert.equal(error.code, "model_error");
    assert.equal(error.retryable, false);
    const original = new ModelCallError("output_invalid", "x");
    assert.equal(mapProviderError(original, "m"), original);
  });
});

describe("parseRetryAfterMs", () => {
  it("prefers retry-after-ms, then retry-after in seconds or as a date", () => {
    assert.equal(parseRetryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" })), 250);
    assert.equal(parseRetryAfterMs(new Headers({ "retry-after": "1.5" })), 1_500);
    assert.equal(parseRetryAfterMs(new Headers({ "retry-after": new Date(10_000).toUTCString() }), 4_000), 6_000);
    assert.equal(parseRetryAfterMs(new Headers({ "retry-after": "soon" })), undefined);
    assert.equal(parseRetryAfterMs(new Headers({ "retry-after-ms": "" })), undefined);
    assert.equal(parseRetryAfterMs(new Headers()), undefined);
    assert.equal(parseRetryAfterMs(undefined), undefined);
  });
});

describe("readRateLimitHeaders", () => {
  it("reads limit, remaining and reset per window; null without headers", () => {
    const snapshot = readRateLimitHeaders(
      new Headers({
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": "2026-11-28T04:00:10Z",
        "anthropic-ratelimit-output-tokens-remaining": "900",
      }),
    );
    assert.deepEqual(snapshot, {
      requests: { limit: 50, remaining: 0, resetAt: new Date("2026-11-28T04:00:10Z") },
      tokens: null,
      inputTokens: null,
      outputTokens: { limit: null, remaining: 900, resetAt: null },
    });
    assert.equal(readRateLimitHeaders(new Headers({ "content-type": "application/json" })), null);
  });
});

describe("toResultErrorType", () => {
  it("maps codes to the result contract's error types", () => {
    const cases: Array<[ModelCallError | Error, string]> = [
      [new ModelCallError("model_rate_limited", "x"), "rate_limited"],
      [new ModelCallError("model_overloaded", "x"), "overloaded"],
      [new ModelCallError("model_timeout", "x"), "timeout"],
      [new ModelCallError("model_connection", "x"), "connection"],
      [new ModelCallError("model_spend_limit", "x"), "spend_limit"],
      [new ModelCallError("model_invalid_request", "x"), "invalid_request"],
      [new ModelCallError("model_authentication", "x"), "authentication"],
      [new ModelCallError("output_invalid", "x"), "output_invalid"],
      [new ModelCallError("model_error", "x"), "model_error"],
      [new InvalidEventError("event_invalid", "x"), "invalid_task"],
      [new Error("x"), "model_error"],
    ];
    for (const [error, type] of cases) assert.equal(toResultErrorType(error), type, error.message);
  });
});
