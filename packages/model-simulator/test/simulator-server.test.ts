import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startModelSimulator, type ModelSimulator } from "../src/index";

let simulator: ModelSimulator;

before(async () => {
  simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0 } });
});
after(() => simulator.close());

const headers = { "content-type": "application/json", "x-api-key": "test-key", "anthropic-version": "2023-06-01" };

async function post(body: unknown, extraHeaders: Record<string, string> = {}, path = "/v1/messages") {
  const response = await fetch(`${simulator.url}${path}`, { method: "POST", headers: { ...headers, ...extraHeaders }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const valid = { model: "claude-haiku-4-5", max_tokens: 200, messages: [{ role: "user", content: "How did the spring campaign do?" }] };

describe("model simulator: the Messages API's shapes", () => {
  it("answers with the real response shape, a request-id and rate-limit headers", async () => {
    const { status, headers: responseHeaders, body } = await post(valid);
    assert.equal(status, 200);
    assert.match(responseHeaders.get("request-id") ?? "", /^req_[0-9a-f]{24}$/);
    assert.match(String(body.id), /^msg_/);
    assert.equal(body.type, "message");
    assert.equal(body.role, "assistant");
    assert.equal(body.model, "claude-haiku-4-5");
    assert.equal(body.stop_sequence, null);
    assert.ok(body.stop_reason === "end_turn" || body.stop_reason === "max_tokens");
    const content = body.content as Array<{ type: string; text: string }>;
    assert.equal(content.length, 1);
    assert.equal(content[0]?.type, "text");
    assert.ok((content[0]?.text.length ?? 0) > 0);
    const usage = body.usage as Record<string, unknown>;
    assert.deepEqual(Object.keys(usage).sort(), [
      "cache_creation",
      "cache_creation_input_tokens",
      "cache_read_input_tokens",
      "input_tokens",
      "output_tokens",
      "service_tier",
    ]);
    assert.deepEqual(usage.cache_creation, { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 });
    // "How did the spring campaign do?" is 31 characters: 8 tokens, plus 4 for the message.
    assert.equal(usage.input_tokens, 12);
    assert.equal(usage.output_tokens, Math.ceil((content[0]?.text.length ?? 0) / 4));
    for (const name of ["requests", "tokens", "input-tokens", "output-tokens"]) {
      assert.ok(responseHeaders.get(`anthropic-ratelimit-${name}-limit`), name);
      assert.ok(responseHeaders.get(`anthropic-ratelimit-${name}-remaining`), name);
      assert.ok(!Number.isNaN(Date.parse(responseHeaders.get(`anthropic-ratelimit-${name}-reset`) ?? "")), name);
    }
  });

  it("is deterministic per input, and prose follows max_tokens", async () => {
    const first = await post(valid);
    const second = await post(valid);
    assert.deepEqual(first.body.content, second.body.content);
    const short = await post({ ...valid, max_tokens: 5 });
    assert.equal(short.body.stop_reason, "max_tokens");
    assert.equal((short.body.usage as { output_tokens: number }).output_tokens, 5);
    const longInput = await post({ ...valid, messages: [{ role: "user", content: "Weekly numbers. ".repeat(2_000) }], max_tokens: 4_000 });
    assert.ok(
      (longInput.body.usage as { output_tokens: number }).output_tokens > (first.body.usage as { output_tokens: number }).output_tokens,
      "longer input, longer answer",
    );
  });

  it("accepts dated model ids", async () => {
    const { status, body } = await post({ ...valid, model: "claude-3-5-sonnet-20241022" });
    assert.equal(status, 200);
    assert.equal(body.model, "claude-3-5-sonnet-20241022");
  });

  it("rejects invalid requests with invalid_request_error", async () => {
    const cases: unknown[] = [
      { ...valid, model: "claude-nope" },
      { model: "claude-haiku-4-5", messages: valid.messages },
      { ...valid, messages: [] },
      { ...valid, max_tokens: 0 },
      { ...valid, max_tokens: 1_000_000 },
      { ...valid, temperature: 3 },
      { ...valid, stream: true },
    ];
    for (const body of cases) {
      const response = await post(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.type, "error");
      const error = response.body.error as { type: string; message: string };
      assert.equal(error.type, "invalid_request_error");
      assert.ok(error.message.length > 0);
      assert.match(String(response.body.request_id), /^req_/);
    }
    const notJson = await fetch(`${simulator.url}/v1/messages`, { method: "POST", headers, body: "{nope" });
    assert.equal(notJson.status, 400);
  });

  it("answers 401 authentication_error without a key", async () => {
    const response = await fetch(`${simulator.url}/v1/messages`, {
      method: "POST",
      headers: { "anthropic-version": "2023-06-01" },
      body: JSON.stringify(valid),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { type: string } }).error.type, "authentication_error");
  });

  it("counts tokens", async () => {
    const { status, body } = await post({ model: "claude-haiku-4-5", messages: valid.messages }, {}, "/v1/messages/count_tokens");
    assert.equal(status, 200);
    assert.deepEqual(body, { input_tokens: 12 });
  });
});

describe("model simulator: prompt caching", () => {
  it("the first call writes the cached prefix, later identical prefixes read it", async () => {
    const system = [{ type: "text", text: "Account history. ".repeat(300), cache_control: { type: "ephemeral" } }];
    const request = { ...valid, model: "claude-sonnet-4-5", system, messages: [{ role: "user", content: "Question one" }] };
    const first = (await post(request)).body.usage as Record<string, number & Record<string, number>>;
    // 17 × 300 = 5,100 characters: 1,275 tokens, above the 1,024 minimum.
    assert.equal(first.cache_creation_input_tokens, 1_275);
    assert.equal(first.cache_read_input_tokens, 0);
    assert.deepEqual(first.cache_creation, { ephemeral_5m_input_tokens: 1_275, ephemeral_1h_input_tokens: 0 });
    const second = (await post({ ...request, messages: [{ role: "user", content: "Another question" }] })).body.usage as Record<string, number>;
    assert.equal(second.cache_read_input_tokens, 1_275);
    assert.equal(second.cache_creation_input_tokens, 0);
    assert.equal(second.input_tokens, 4 + 4, "only the new message is plain input");
  });

  it("a 1-hour breakpoint is reported as such; a short prefix is not cached", async () => {
    const system = [{ type: "text", text: "Pricing rules. ".repeat(400), cache_control: { type: "ephemeral", ttl: "1h" } }];
    const usage = (await post({ ...valid, system })).body.usage as { cache_creation: Record<string, number> };
    assert.equal(usage.cache_creation.ephemeral_1h_input_tokens, 1_500);
    const short = (await post({ ...valid, system: [{ type: "text", text: "Short.", cache_control: { type: "ephemeral" } }] })).body.usage as Record<
      string,
      number
    >;
    assert.equal(short.cache_creation_input_tokens, 0);
  });
});

describe("model simulator: faults and control", () => {
  it("answers a share of calls with each fault, in the real error shapes", async () => {
    const cases: Array<[string, number, string]> = [
      ["rate_limit", 429, "rate_limit_error"],
      ["overloaded", 529, "overloaded_error"],
      ["server_error", 500, "api_error"],
      ["spend_limit", 429, "rate_limit_error"],
    ];
    for (const [kind, status, type] of cases) {
      simulator.setConfig({ faults: [{ kind: kind as "rate_limit", share: 1, retryAfterMs: 2_500 }] });
      const response = await post(valid);
      assert.equal(response.status, status, kind);
      assert.equal((response.body.error as { type: string }).type, type, kind);
      assert.match(response.headers.get("request-id") ?? "", /^req_/);
      if (kind === "rate_limit") {
        assert.equal(response.headers.get("retry-after"), "3");
        assert.equal(response.headers.get("retry-after-ms"), "2500");
      }
      if (kind === "spend_limit") assert.deepEqual((response.body.error as { details: unknown }).details, { error_code: "enforced_spend_limit_reached" });
    }
    simulator.setConfig({ faults: [] });
  });

  it("applies a share, only to the models named, and at most `limit` times", async () => {
    simulator.setConfig({ faults: [{ kind: "overloaded", share: 0.5, models: ["claude-opus-4-5"] }] });
    let overloaded = 0;
    for (let index = 0; index < 200; index++) if ((await post({ ...valid, model: "claude-opus-4-5" })).status === 529) overloaded += 1;
    // Binomial(200, 0.5): standard deviation ≈ 7.1; ±35 is five of them.
    assert.ok(overloaded > 65 && overloaded < 135, `${overloaded} of 200`);
    assert.equal((await post(valid)).status, 200, "haiku is not named");
    simulator.setConfig({ faults: [{ kind: "server_error", share: 1, limit: 2 }] });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await post(valid)).status);
    assert.deepEqual(statuses, [500, 500, 200, 200]);
    simulator.setConfig({ faults: [] });
  });

  it("honours a time window", async () => {
    simulator.setConfig({ faults: [{ kind: "overloaded", share: 1, startsAfterMs: 60_000 }] });
    assert.equal((await post(valid)).status, 200, "not started yet");
    simulator.setConfig({ faults: [{ kind: "overloaded", share: 1, durationMs: 60_000 }] });
    assert.equal((await post(valid)).status, 529, "inside the window");
    simulator.setConfig({ faults: [] });
  });

  it("answers invalid_output with text that is not JSON for a structured task", async () => {
    simulator.setConfig({ faults: [{ kind: "invalid_output", share: 1 }] });
    const system = "Respond with only a JSON object, with no text before or after it and no Markdown code fences.";
    const response = await post({ ...valid, system });
    assert.equal(response.status, 200);
    const text = (response.body.content as Array<{ text: string }>)[0]?.text ?? "";
    assert.throws(() => JSON.parse(text));
    simulator.setConfig({ faults: [] });
  });

  it("is configured and observed over HTTP", async () => {
    const change = await fetch(`${simulator.url}/_simulator/config`, { method: "POST", body: JSON.stringify({ faults: [{ kind: "rate_limit", share: 1 }] }) });
    assert.equal(change.status, 200);
    const config = (await (await fetch(`${simulator.url}/_simulator/config`)).json()) as {
      faults: Array<{ kind: string; retryAfterMs: number }>;
      latencyScale: number;
    };
    assert.equal(config.faults[0]?.kind, "rate_limit");
    assert.equal(config.faults[0]?.retryAfterMs, 1_000, "defaults filled in");
    assert.equal(config.latencyScale, 0, "keys not given are kept");
    const bad = await fetch(`${simulator.url}/_simulator/config`, { method: "POST", body: JSON.stringify({ faults: [{ kind: "meteor", share: 1 }] }) });
    assert.equal(bad.status, 400);
    await fetch(`${simulator.url}/_simulator/stats`, { method: "DELETE" });
    await post(valid);
    await post({ ...valid, model: "claude-sonnet-4-5" });
    await fetch(`${simulator.url}/_simulator/config`, { method: "POST", body: JSON.stringify({ faults: [] }) });
    await post(valid);
    const stats = (await (await fetch(`${simulator.url}/_simulator/stats`)).json()) as {
      totalCalls: number;
      byStatus: Record<string, number>;
      byModel: Record<string, { calls: number }>;
      callsPerSecond: { peak: number; recent: unknown[] };
    };
    assert.equal(stats.totalCalls, 3);
    assert.deepEqual(stats.byStatus, { "429": 2, "200": 1 });
    assert.equal(stats.byModel["claude-haiku-4-5"]?.calls, 2);
    assert.ok(stats.callsPerSecond.peak >= 1);
    assert.ok(stats.callsPerSecond.recent.length >= 1);
  });
});

describe("model simulator: today's models", () => {
  it("answers the default lineup (and dated ids of it) with the 5-minute / 1-hour split of cache writes", async () => {
    for (const model of ["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5", "claude-opus-5-5-20260923"]) {
      const { status, body } = await post({ ...valid, model, max_tokens: 100_000 });
      assert.equal(status, 200, model);
      assert.equal(body.model, model);
      assert.deepEqual((body.usage as Record<string, unknown>).cache_creation, { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, model);
    }
    const tooLong = await post({ ...valid, model: "claude-haiku-5-5", max_tokens: 128_001 });
    assert.equal(tooLong.status, 400, "the 128k output limit of the 5.5 models");
  });

  it("models of one rate-limit family share their per-minute windows", async () => {
    const family = await startModelSimulator({
      port: 0,
      config: {
        latencyScale: 0,
        rateLimits: { requestsPerMinute: 2, enforce: true },
        models: {
          "claude-opus-5": { skill: 1, latencyMs: 0, rateLimitFamily: "opus-5" },
          "claude-opus-5-5": { skill: 1, latencyMs: 0, rateLimitFamily: "opus-5" },
          "claude-haiku-5-5": { skill: 0.8, latencyMs: 0 },
        },
      },
    });
    try {
      const call = async (model: string) => {
        const response = await fetch(`${family.url}/v1/messages`, { method: "POST", headers, body: JSON.stringify({ ...valid, model }) });
        await response.arrayBuffer();
        return { status: response.status, remaining: response.headers.get("anthropic-ratelimit-requests-remaining") };
      };
      // The windows are whole clock minutes: start well inside one so that the four calls share it.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 10));
      const first = await call("claude-opus-5");
      const second = await call("claude-opus-5-5");
      assert.deepEqual(
        [first.status, first.remaining, second.status, second.remaining],
        [200, "1", 200, "0"],
        "the family's budget of 2 is spent by two models",
      );
      assert.equal((await call("claude-opus-5")).status, 429);
      assert.deepEqual(await call("claude-haiku-5-5"), { status: 200, remaining: "1" }, "another family keeps its own budget");
    } finally {
      await family.close();
    }
  });
});
