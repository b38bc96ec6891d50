import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { InvalidEventError } from "@switchyard/contracts";
import { createStructuredOutputValidator, type OutputValidator } from "../src/index";

// Bounded: the property suite runs in `npm test` on a busy machine.
const RUNS = { numRuns: 150 };

const KEYWORDS = [
  "type",
  "properties",
  "items",
  "anyOf",
  "oneOf",
  "allOf",
  "not",
  "$ref",
  "$defs",
  "definitions",
  "pattern",
  "required",
  "enum",
  "const",
  "uniqueItems",
  "maxItems",
  "$id",
  "additionalProperties",
  "patternProperties",
  "propertyNames",
  "minLength",
  "if",
  "then",
  "else",
];
const PATTERNS = ["^([a-z]+\\s?)*!$", "(a+)+$", "^(a|aa)*b$", "(a)\\1", "(?=x)", "[", "^\\d{1,3}$", ".*", "\\p{L}+"];
const REFS = ["#", "#/$defs/a", "#/definitions/a", "#/properties/x", "https://example.com/s.json", "other.json", "#/nope"];

/** Schema-like values: JSON Schema keywords with hostile values, nested, referencing each other. */
const schemaLike: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  schema: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.boolean(), fc.dictionary(fc.constantFrom(...KEYWORDS), tie("value"), { maxKeys: 5 })),
  value: fc.oneof(
    fc.constantFrom("string", "number", "object", "array", "integer", "boolean", "null", true, false, 0, 3, 1001),
    fc.constantFrom(...PATTERNS),
    fc.constantFrom(...REFS),
    fc.array(tie("schema"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("a", "x", "b"), tie("schema"), { maxKeys: 3 }),
    tie("schema"),
  ),
})).schema;

const answers = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(`"${"a".repeat(3_000)}?"`, `[${"1,".repeat(2_000)}1]`, "```json\n{}\n```", `\`\`\`${" ".repeat(5_000)}x`),
);

describe("structured-output validation, property-based", () => {
  it("compiles any schema-like value or refuses it as invalid; validates any answer with a bounded reason", () => {
    fc.assert(
      fc.property(schemaLike, fc.array(answers, { minLength: 1, maxLength: 3 }), (schema, outputs) => {
        if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return;
        let validate: OutputValidator;
        try {
          validate = createStructuredOutputValidator(schema as Record<string, unknown>);
        } catch (error) {
          assert.ok(error instanceof InvalidEventError, `threw ${String(error)}`);
          assert.equal(error.code, "event_invalid");
          assert.ok(error.message.length <= 600, `reason of ${error.message.length} chars`);
          return;
        }
        for (const output of outputs) {
          const result = validate(output);
          if (!result.ok) assert.ok(result.reason.length <= 700, `reason of ${result.reason.length} chars`);
        }
      }),
      RUNS,
    );
  });
});
