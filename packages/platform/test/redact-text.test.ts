import { test } from "node:test";
import assert from "node:assert/strict";
import { redactText } from "../src/index";

test("redactText removes every kind of secret it knows", () => {
  assert.equal(redactText("GET https://user:hunter2@host/x"), "GET https://[redacted]@host/x");
  assert.equal(redactText("echoed x-api-key: sk-ant-abcdefgh1234"), "echoed x-api-key: [redacted]");
  assert.equal(redactText("cookie=abc123"), "cookie=[redacted]");
  assert.equal(redactText("sent Bearer abcd.efgh"), "sent Bearer [redacted]");
  assert.equal(redactText("the key sk-ant-abcdefgh1234 leaked"), "the key [redacted] leaked");
});

test("redactText returns a text that cannot hold a secret as it is", () => {
  for (const text of ["task-42", "claude-haiku-4-5", "fast", "ok", "", "tokens 1200, cost 0.002"]) assert.equal(redactText(text), text);
});
