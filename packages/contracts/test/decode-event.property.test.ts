import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { InvalidEventError } from "../src/index";
import { DEFAULT_MAX_TASK_BYTES, TaskEventSchema, UsageEventSchema, decodeEvent, type TaskEvent } from "../src/index";

const options = { maxBytes: DEFAULT_MAX_TASK_BYTES };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Bounded: the property suite runs in `npm test` on a busy machine.
const RUNS = { numRuns: 300 };

/** Any UTF-16 code units, lone surrogates and controls included. */
const anyUnits = (maxLength = 40) => fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((codes) => String.fromCharCode(...codes));
const anyText = fc.oneof(anyUnits(), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom("", "\uFEFF", "{", "}", "\\ud800", '"id"', "[[[["));

/** Task-shaped values: mostly right, with any field replaced by anything. */
const taskLike = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 2 })),
    id: fc.oneof(anyUnits(60), anyUnits(250), fc.jsonValue({ maxDepth: 1 })),
    type: fc.oneof(anyUnits(30), fc.jsonValue({ maxDepth: 1 })),
    messages: fc.oneof(
      fc.array(fc.record({ role: fc.constantFrom("user", "assistant", "system"), content: fc.oneof(anyUnits(), fc.jsonValue({ maxDepth: 3 })) }), {
        maxLength: 3,
      }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    maxTokens: fc.oneof(fc.integer({ min: -5, max: 300_000 }), fc.double(), fc.jsonValue({ maxDepth: 1 })),
    metadata: fc.oneof(fc.dictionary(anyUnits(10), anyUnits(20), { maxKeys: 4 }), fc.jsonValue({ maxDepth: 2 })),
    outputSchema: fc.jsonValue({ maxDepth: 4 }),
    createdAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      anyUnits(25),
    ),
  },
  { requiredKeys: [] },
);

/** What a message can be: JSON of a task-like value, possibly with a BOM, cut short, or anything at all. */
const messageBytes = fc.oneof(
  taskLike.map((task) => Buffer.from(JSON.stringify(task))),
  taskLike.map((task) => Buffer.from(`\uFEFF${JSON.stringify(task)}`)),
  fc.tuple(taskLike, fc.nat()).map(([task, cut]) => {
    const text = JSON.stringify(task);
    return Buffer.from(text.slice(0, cut % (text.length + 1)));
  }),
  anyText.map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => Buffer.from(`{"id":"deep","content":${"[".repeat(depth)}${"]".repeat(depth)}}`)),
);

function readableId(bytes: Buffer): string | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
    const id = (value as { id?: unknown } | null)?.id;
    return typeof id === "string" && id.length >= 1 && id.length <= 200 ? id : undefined;
  } catch {
    return undefined;
  }
}

function allStrings(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) for (const item of value) allStrings(item, found);
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) found.push(key, ...allStrings(item));
  return found;
}

describe("decodeEvent, property-based", () => {
  it("has one outcome per message: a task with well-formed strings, or InvalidEventError with a bounded reason", () => {
    fc.assert(
      fc.property(messageBytes, (bytes) => {
        let task: TaskEvent;
        try {
          task = decodeEvent(TaskEventSchema, bytes, options);
        } catch (error) {
          assert.ok(error instanceof InvalidEventError, `threw ${String(error)}`);
          assert.ok(error.message.length <= 1_000, `reason of ${error.message.length} chars`);
          return;
        }
        for (const text of allStrings(task)) assert.ok(!LONE_SURROGATE.test(text), JSON.stringify(text));
      }),
      RUNS,
    );
  });

  it("reports the id of every refused message whose id can be read (sanitised as the task would be)", () => {
    fc.assert(
      fc.property(messageBytes, (bytes) => {
        const id = readableId(bytes);
        try {
          decodeEvent(TaskEventSchema, bytes, options);
        } catch (error) {
          assert.ok(error instanceof InvalidEventError);
          if (id !== undefined) assert.equal(error.taskId, id.replace(new RegExp(LONE_SURROGATE, "g"), "\uFFFD"));
        }
      }),
      RUNS,
    );
  });

  it("decodes usage events the same way: nothing but InvalidEventError, whatever the bytes", () => {
    fc.assert(
      fc.property(messageBytes, (bytes) => {
        try {
          decodeEvent(UsageEventSchema, bytes, options);
        } catch (error) {
          assert.ok(error instanceof InvalidEventError, `threw ${String(error)}`);
        }
      }),
      RUNS,
    );
  });
});
