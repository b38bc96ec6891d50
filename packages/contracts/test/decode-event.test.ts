import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildUsageEvents } from "@switchyard/test-support";
import { InvalidEventError } from "../src/index";
import { DEFAULT_MAX_TASK_BYTES, ResultEventSchema, TaskEventSchema, TopicEnvironmentSchema, UsageEventSchema, decodeEvent } from "../src/index";

const options = { maxBytes: DEFAULT_MAX_TASK_BYTES };
const valid = {
  id: "kw-000123",
  type: "keyword_relevance",
  messages: [{ role: "user", content: "Is 'trail shoes' relevant?" }],
  maxTokens: 256,
  metadata: { feature: "keywords", tenant: "acme" },
};

function rejects(value: Buffer | string, code: string, taskId?: string) {
  assert.throws(
    () => decodeEvent(TaskEventSchema, typeof value === "string" ? Buffer.from(value) : value, options),
    (error: unknown) => error instanceof InvalidEventError && error.code === code && error.taskId === taskId,
  );
}

describe("decodeEvent for tasks", () => {
  it("accepts a minimal task and applies version 1", () => {
    const task = decodeEvent(TaskEventSchema, Buffer.from(JSON.stringify(valid)), options);
    assert.equal(task.version, 1);
    assert.equal(task.id, "kw-000123");
    assert.deepEqual(task.metadata, { feature: "keywords", tenant: "acme" });
  });
  it("ignores unknown fields (additive evolution)", () => {
    const task = decodeEvent(TaskEventSchema, JSON.stringify({ ...valid, futureField: 1 }), options);
    assert.equal((task as Record<string, unknown>).futureField, undefined);
  });
  it("accepts content blocks", () => {
    const task = decodeEvent(
      TaskEventSchema,
      JSON.stringify({ ...valid, messages: [{ role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] }] }),
      options,
    );
    assert.equal(task.messages.length, 1);
  });
  it("refuses what is not JSON, without an id", () => rejects("{not json", "event_not_json"));
  it("does not quote the message in its reason (it may be a prompt)", () => {
    assert.throws(
      () => decodeEvent(TaskEventSchema, Buffer.from("CANARY-SECRET-PROMPT"), options),
      (error: unknown) => error instanceof InvalidEventError && !error.message.includes("CANARY") && error.cause === undefined,
    );
  });
  it("refuses a bad schema and still reads the id", () => rejects(JSON.stringify({ ...valid, maxTokens: 0 }), "event_invalid", "kw-000123"));
  it("refuses an empty message list", () => rejects(JSON.stringify({ ...valid, messages: [] }), "event_invalid", "kw-000123"));
  it("refuses metadata that is not strings", () => rejects(JSON.stringify({ ...valid, metadata: { n: 1 } }), "event_invalid", "kw-000123"));
  it("refuses an unknown version", () => rejects(JSON.stringify({ ...valid, version: 2 }), "event_version_unsupported", "kw-000123"));
  it("refuses a message over the size limit and peeks the id", () => {
    const big = JSON.stringify({ ...valid, messages: [{ role: "user", content: "x".repeat(DEFAULT_MAX_TASK_BYTES) }] });
    rejects(big, "event_too_large", "kw-000123");
  });
  it("refuses an id over 200 characters and does not report it", () => rejects(JSON.stringify({ ...valid, id: "x".repeat(201) }), "event_invalid", undefined));
  it("skips a byte-order mark", () => {
    assert.equal(decodeEvent(TaskEventSchema, Buffer.from(`\uFEFF${JSON.stringify(valid)}`), options).id, "kw-000123");
  });
  it("refuses nesting deeper than 64 levels, before parsing, and still reads the id", () => {
    const content = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    rejects(`{"id":"deep","type":"t","maxTokens":1,"messages":[{"role":"user","content":[{"type":"text","x":${content}}]}]}`, "event_invalid", "deep");
  });
  it("replaces lone surrogates in every string, keys included, with U+FFFD", () => {
    const task = decodeEvent(
      TaskEventSchema,
      Buffer.from(JSON.stringify(valid).replace('"acme"', '"ac\\ud800me"').replace('"feature"', '"fe\\udfffature"')),
      options,
    );
    assert.deepEqual(task.metadata, { "fe\uFFFDature": "keywords", tenant: "ac\uFFFDme" });
    const pair = decodeEvent(TaskEventSchema, Buffer.from(JSON.stringify({ ...valid, metadata: { tenant: "\ud83d\ude80" } })), options);
    assert.equal(pair.metadata?.tenant, "\ud83d\ude80", "a valid pair is kept");
  });
  it("replaces a lone low surrogate when it is the only one (found by the property test)", () => {
    const task = decodeEvent(TaskEventSchema, Buffer.from(JSON.stringify({ ...valid, type: "\udc00" })), options);
    assert.equal(task.type, "\uFFFD");
  });
  it("quotes at most a bounded slice of a bad value", () => {
    for (const bad of [
      { ...valid, version: "v".repeat(100_000) },
      { ...valid, metadata: { ["k".repeat(100_000)]: 1 } },
    ]) {
      assert.throws(
        () => decodeEvent(TaskEventSchema, JSON.stringify(bad), options),
        (error: unknown) => error instanceof InvalidEventError && error.message.length < 600,
      );
    }
  });
});

describe("events evolve additively", () => {
  it("a consumer reads a usage event with a field it does not know, and drops that field", () => {
    const [usage] = buildUsageEvents(1);
    assert.equal(UsageEventSchema.safeParse(usage).success, true);
    const newer = decodeEvent(UsageEventSchema, JSON.stringify({ ...usage, addedInALaterRelease: 1 }), { maxBytes: 10_000 });
    assert.deepEqual(newer, usage);
  });
  it("a result must carry routing and usage", () => {
    assert.equal(ResultEventSchema.safeParse({ version: 1, taskId: "t", type: "x", status: "ok" }).success, false);
  });
});

describe("topic names", () => {
  it("default to the contract and can be renamed", () => {
    assert.equal(TopicEnvironmentSchema.parse({}).tasks, "llm.tasks");
    assert.equal(TopicEnvironmentSchema.parse({ TOPIC_TASKS: "team.tasks" }).tasks, "team.tasks");
    assert.equal(TopicEnvironmentSchema.safeParse({ TOPIC_TASKS: "bad topic" }).success, false);
  });
});
