import { test } from "node:test";
import assert from "node:assert/strict";
import { DEAD_LETTER_HEADERS, DeadLetterHeadersSchema } from "@switchyard/contracts";
import { InvalidEventError } from "@switchyard/contracts";
import { buildDeadLetter } from "../src/index";

const message = {
  topic: "llm.tasks",
  partition: 2,
  offset: "41",
  key: "kw-1",
  value: Buffer.from("{not json"),
  headers: { trace: "abc", [DEAD_LETTER_HEADERS.taskId]: "forged" },
  timestamp: "1700000000000",
};

test("a dead letter keeps the original key, bytes and headers and says why", () => {
  const failedAt = new Date("2026-11-28T01:00:00Z");
  const deadLetter = buildDeadLetter({
    message,
    error: new InvalidEventError("event_not_json", "message is not JSON"),
    deadLetterTopic: "llm.dlq",
    consumerGroup: "router",
    failedAt,
  });
  assert.equal(deadLetter.topic, "llm.dlq");
  assert.equal(deadLetter.key, "kw-1");
  assert.deepEqual(deadLetter.value, message.value);
  const headers = DeadLetterHeadersSchema.parse(deadLetter.headers);
  assert.equal(headers[DEAD_LETTER_HEADERS.errorClass], "InvalidEventError");
  assert.equal(headers[DEAD_LETTER_HEADERS.errorCode], "event_not_json");
  assert.equal(headers[DEAD_LETTER_HEADERS.reason], "message is not JSON");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourceTopic], "llm.tasks");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourcePartition], "2");
  assert.equal(headers[DEAD_LETTER_HEADERS.sourceOffset], "41");
  assert.equal(headers[DEAD_LETTER_HEADERS.consumerGroup], "router");
  assert.equal(headers[DEAD_LETTER_HEADERS.failedAt], failedAt.toISOString());
  assert.equal(headers[DEAD_LETTER_HEADERS.taskId], undefined, "a task id header of the original message is not passed on as ours");
  assert.equal(deadLetter.headers?.trace, "abc");
});

test("an unclassified error gets its class name and the unhandled_error code; a task id when known", () => {
  const deadLetter = buildDeadLetter({
    message: { ...message, value: null, key: null },
    error: new TypeError("x is undefined"),
    deadLetterTopic: "llm.dlq",
    consumerGroup: "router",
    failedAt: new Date(),
    taskId: "kw-1",
  });
  assert.equal(deadLetter.key, null);
  assert.equal(deadLetter.value.length, 0);
  assert.equal(deadLetter.headers?.[DEAD_LETTER_HEADERS.errorClass], "TypeError");
  assert.equal(deadLetter.headers?.[DEAD_LETTER_HEADERS.errorCode], "unhandled_error");
  assert.equal(deadLetter.headers?.[DEAD_LETTER_HEADERS.taskId], "kw-1");
});

test("a dead letter's reason never carries a credential that an upstream error echoed", () => {
  const secret = "sk-ant-api03-CANARY-SECRET-123";
  const deadLetter = buildDeadLetter({
    message,
    error: new Error(`insert failed on http://default:${secret}@clickhouse:8123 with headers {"x-api-key":"${secret}"}`),
    deadLetterTopic: "llm.dlq",
    consumerGroup: "router",
    failedAt: new Date(),
  });
  const reason = deadLetter.headers?.[DEAD_LETTER_HEADERS.reason] ?? "";
  assert.ok(!reason.includes("CANARY"), reason);
  assert.match(reason, /clickhouse:8123/);
});
