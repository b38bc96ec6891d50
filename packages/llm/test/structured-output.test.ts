import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidEventError } from "@switchyard/contracts";
import { buildStructuredOutputInstruction, createStructuredOutputValidator, OUTPUT_SCHEMA_INTRODUCTION, STRUCTURED_OUTPUT_INSTRUCTION } from "../src/index";

const schema = {
  type: "object",
  required: ["relevant", "category"],
  properties: { relevant: { type: "boolean" }, category: { enum: ["brand", "generic"] }, seen: { type: "string", format: "date-time" } },
  additionalProperties: false,
};

describe("createStructuredOutputValidator", () => {
  it("parses JSON, with surrounding whitespace or a ```json fence", () => {
    const validate = createStructuredOutputValidator();
    assert.deepEqual(validate('{"a": 1}'), { ok: true, json: { a: 1 } });
    assert.deepEqual(validate('  \n{"a": 1}\n '), { ok: true, json: { a: 1 } });
    assert.deepEqual(validate('```json\n{"a": 1}\n```'), { ok: true, json: { a: 1 } });
    assert.deepEqual(validate("```\n[1, 2]\n```"), { ok: true, json: [1, 2] });
  });

  it("rejects text that is not JSON, with a reason", () => {
    const result = createStructuredOutputValidator()('Here you go: {"a": 1}');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && /not JSON/.test(result.reason));
  });

  it("checks the outputSchema (formats are not checked)", () => {
    const validate = createStructuredOutputValidator(schema);
    assert.equal(validate('{"relevant": true, "category": "brand", "seen": "whenever"}').ok, true);
    const wrongEnum = validate('{"relevant": true, "category": "other"}');
    assert.ok(!wrongEnum.ok && /outputSchema/.test(wrongEnum.reason));
    assert.equal(validate('{"relevant": true}').ok, false);
    assert.equal(validate('{"relevant": true, "category": "brand", "extra": 1}').ok, false);
  });

  it("throws event_invalid for a schema that cannot be compiled", () => {
    assert.throws(
      () => createStructuredOutputValidator({ type: "no-such-type" }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidEventError);
        assert.equal(error.code, "event_invalid");
        return true;
      },
    );
  });
});

describe("buildStructuredOutputInstruction", () => {
  it("asks for JSON only, and carries the schema as one line of JSON", () => {
    assert.equal(buildStructuredOutputInstruction(), STRUCTURED_OUTPUT_INSTRUCTION);
    const lines = buildStructuredOutputInstruction(schema).split("\n");
    assert.deepEqual(lines.slice(0, 2), [STRUCTURED_OUTPUT_INSTRUCTION, OUTPUT_SCHEMA_INTRODUCTION]);
    assert.deepEqual(JSON.parse(lines[2] ?? ""), schema);
    assert.equal(lines.length, 3);
  });
});
