import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidEventError } from "@switchyard/contracts";
import {
  configureOutputSchemaCache,
  createStructuredOutputValidator,
  DEFAULT_OUTPUT_SCHEMA_CACHE_LIMITS,
  DEFAULT_OUTPUT_SCHEMA_LIMITS,
  outputSchemaCacheStats,
} from "../src/index";

/** Levels of `anyOf` over `$ref`s to the next level: `width ** levels` subschemas once expanded, a few hundred bytes as text. */
function fanOutSchema(levels: number, width: number): Record<string, unknown> {
  const definitions: Record<string, unknown> = { [`level${levels}`]: { type: "string", minLength: 3 } };
  for (let level = levels - 1; level >= 0; level -= 1) {
    definitions[`level${level}`] = { anyOf: Array.from({ length: width }, () => ({ $ref: `#/definitions/level${level + 1}` })) };
  }
  return { definitions, $ref: "#/definitions/level0" };
}

function assertInvalidSchema(schema: Record<string, unknown>, reason: RegExp): void {
  assert.throws(
    () => createStructuredOutputValidator(schema),
    (error: unknown) => {
      assert.ok(error instanceof InvalidEventError, String(error));
      assert.equal(error.code, "event_invalid");
      assert.match(error.message, reason);
      assert.ok(error.message.length <= 600, `reason of ${error.message.length} chars`);
      return true;
    },
  );
}

describe("outputSchema limits", () => {
  it("refuses a small schema whose $refs fan out past the limit, before compiling it", () => {
    const schema = fanOutSchema(8, 3);
    assert.ok(JSON.stringify(schema).length < 1500);
    assertInvalidSchema(schema, /expands to more than 500 subschemas/);
  });

  it("accepts a schema that reuses definitions within the limit, and validates by them", () => {
    const validate = createStructuredOutputValidator(fanOutSchema(3, 3));
    assert.equal(validate('"abcd"').ok, true);
    assert.equal(validate('"ab"').ok, false);
  });

  it("refuses recursive, remote and dangling references", () => {
    assertInvalidSchema({ type: "array", items: { $ref: "#" } }, /recursive/);
    assertInvalidSchema({ $ref: "https://example.com/schema.json" }, /only local references/);
    assertInvalidSchema({ $ref: "#/definitions/missing" }, /points at nothing/);
  });

  it("refuses schemas over the size and depth limits", () => {
    const wide = { type: "object", properties: Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`property${index}`, { type: "string" }])) };
    assertInvalidSchema(wide, /over the limit of 32768/);
    let deep: Record<string, unknown> = { type: "string" };
    for (let level = 0; level < DEFAULT_OUTPUT_SCHEMA_LIMITS.maxDepth; level += 1) deep = { type: "array", items: deep };
    assertInvalidSchema(deep, /nests deeper than 32 levels/);
  });

  it("refuses uniqueItems over an unbounded array (pairwise comparison)", () => {
    assertInvalidSchema({ type: "array", uniqueItems: true }, /uniqueItems needs a maxItems/);
    assert.equal(createStructuredOutputValidator({ type: "array", uniqueItems: true, maxItems: 10 })("[1, 1]").ok, false);
  });

  it("caps the reason of a failed validation however many branches failed", () => {
    const branches = Array.from({ length: 400 }, (_, index) => ({ required: [`a_rather_long_property_name_number_${index}`] }));
    const result = createStructuredOutputValidator({ anyOf: branches })("{}");
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason.length <= 600, `reason of ${result.ok ? 0 : result.reason.length} chars`);
    assert.ok(!result.ok && /and \d+ more/.test(result.reason));
  });
});

describe("outputSchema pattern engine", () => {
  it("matches patterns in linear time: a nested quantifier against a long answer returns", () => {
    const validate = createStructuredOutputValidator({ type: "string", pattern: "^([a-z]+\\s?)*!$" });
    assert.equal(validate(JSON.stringify(`${"a".repeat(5000)}?`)).ok, false);
    assert.equal(validate(JSON.stringify("hello world!")).ok, true);
  });

  it("refuses patterns that need backtracking (backreferences, lookaround)", () => {
    assertInvalidSchema({ type: "string", pattern: "^(a)\\1$" }, /not a usable JSON Schema/);
    assertInvalidSchema({ type: "string", pattern: "^(?=a)" }, /not a usable JSON Schema/);
  });

  it("keeps each pattern apart (patterns, patternProperties, propertyNames)", () => {
    const validate = createStructuredOutputValidator({
      type: "object",
      properties: { code: { type: "string", pattern: "^[A-Z]{3}$" }, count: { type: "string", pattern: "^[0-9]+$" } },
      patternProperties: { "^x-": { type: "number" } },
      propertyNames: { pattern: "^(code|count|x-.*)$" },
    });
    assert.equal(validate('{"code": "ABC", "count": "12", "x-a": 1}').ok, true);
    assert.equal(validate('{"code": "12", "count": "12"}').ok, false);
    assert.equal(validate('{"code": "ABC", "count": "ABC"}').ok, false);
    assert.equal(validate('{"x-a": "text"}').ok, false);
    assert.equal(validate('{"other": 1}').ok, false);
  });
});

describe("outputSchema isolation and cache", () => {
  it("does not share $id between tasks: the same $id with other content validates by its own rules", () => {
    const first = createStructuredOutputValidator({ $id: "https://example.com/answer.json", type: "string" });
    const second = createStructuredOutputValidator({ $id: "https://example.com/answer.json", type: "number" });
    assert.equal(first('"text"').ok, true);
    assert.equal(second("1").ok, true);
    assert.equal(second('"text"').ok, false);
    assert.equal(first("1").ok, false);
  });

  it("does not resolve a $ref against another task's $id", () => {
    createStructuredOutputValidator({ $id: "https://example.com/shared.json", type: "string" });
    assertInvalidSchema({ $ref: "https://example.com/shared.json" }, /only local references/);
  });

  it("keeps compiled schemas within the cache's bounds, and compiles each distinct schema once", () => {
    try {
      configureOutputSchemaCache({ maxEntries: 5, maxChars: 10_000 });
      for (let index = 0; index < 20; index += 1) createStructuredOutputValidator({ type: "object", required: [`field${index}`] });
      assert.equal(outputSchemaCacheStats().entries, 5);
      createStructuredOutputValidator({ type: "object", required: ["field19"] });
      assert.equal(outputSchemaCacheStats().entries, 5);
      configureOutputSchemaCache({ maxEntries: 100, maxChars: 200 });
      for (let index = 0; index < 20; index += 1) createStructuredOutputValidator({ type: "object", required: [`field${index}`] });
      assert.ok(outputSchemaCacheStats().chars <= 200, `${outputSchemaCacheStats().chars} chars cached`);
    } finally {
      configureOutputSchemaCache(DEFAULT_OUTPUT_SCHEMA_CACHE_LIMITS);
    }
  });
});
