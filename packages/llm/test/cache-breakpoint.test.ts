import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addCacheBreakpoint, minimumCacheableTokens } from "../src/index";

const LONG = "Company style guide. ".repeat(300); // 6,300 characters: about 1,575 tokens
const request = (model: string, system: string | Array<{ type: string; text: string }>) => ({
  model,
  system,
  messages: [{ role: "user" as const, content: "hi" }],
  maxTokens: 10,
});

describe("addCacheBreakpoint", () => {
  it("marks the last system block when the prompt reaches the model's minimum", () => {
    const marked = addCacheBreakpoint(request("claude-sonnet-4-5", LONG), "5m");
    assert.deepEqual(marked.system, [{ type: "text", text: LONG, cache_control: { type: "ephemeral" } }]);
    const hour = addCacheBreakpoint(
      request("claude-sonnet-4-5", [
        { type: "text", text: "intro" },
        { type: "text", text: LONG },
      ]),
      "1h",
    );
    assert.deepEqual(hour.system, [
      { type: "text", text: "intro" },
      { type: "text", text: LONG, cache_control: { type: "ephemeral", ttl: "1h" } },
    ]);
  });

  it("leaves short prompts, opted-out tasks and prompts that carry their own breakpoint alone", () => {
    // 1,575 tokens: enough for Sonnet 4.5 (1,024) but not for Haiku 4.5 (4,096).
    assert.equal(addCacheBreakpoint(request("claude-haiku-4-5", LONG), "5m").system, LONG);
    assert.equal(addCacheBreakpoint(request("claude-sonnet-4-5", LONG), "off").system, LONG);
    const own = [{ type: "text", text: LONG, cache_control: { type: "ephemeral" } }];
    assert.equal(addCacheBreakpoint(request("claude-sonnet-4-5", own), "1h").system, own);
  });

  it("knows each model's minimum, dated ids included, with overrides and a safe default", () => {
    assert.equal(minimumCacheableTokens("claude-3-haiku-20240307"), 2_048);
    assert.equal(minimumCacheableTokens("claude-opus-4-5"), 4_096);
    assert.equal(minimumCacheableTokens("claude-opus-4-1-20250805"), 1_024);
    assert.equal(minimumCacheableTokens("some-new-model"), 4_096);
    assert.equal(minimumCacheableTokens("claude-haiku-4-5", { "claude-haiku-4-5": 100 }), 100);
  });
});
