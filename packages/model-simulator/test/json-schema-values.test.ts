import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GENERIC_OUTPUT_SCHEMA, generateValue, mutateValue } from "../src/index";
import { createRandom } from "../src/seeded-random";

const schema = {
  type: "object",
  properties: {
    relevant: { type: "boolean" },
    category: { enum: ["brand", "generic", "competitor"] },
    score: { type: "integer", minimum: 0, maximum: 10 },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    name: { type: "string", maxLength: 12 },
    fixed: { const: "v1" },
    tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 },
    nested: { type: "object", properties: { when: { type: "string", format: "date" } } },
  },
};

describe("generateValue", () => {
  it("follows types, enums, consts, ranges, lengths and formats", () => {
    for (let seed = 0; seed < 200; seed++) {
      const value = generateValue(schema, createRandom(String(seed))) as Record<string, unknown>;
      assert.equal(typeof value.relevant, "boolean");
      assert.ok(["brand", "generic", "competitor"].includes(value.category as string));
      assert.ok(Number.isInteger(value.score) && (value.score as number) >= 0 && (value.score as number) <= 10);
      assert.ok((value.confidence as number) >= 0 && (value.confidence as number) <= 1);
      assert.ok(typeof value.name === "string" && value.name.length >= 1 && value.name.length <= 12);
      assert.equal(value.fixed, "v1");
      assert.ok(Array.isArray(value.tags) && value.tags.length >= 1 && value.tags.length <= 2);
      assert.match((value.nested as { when: string }).when, /^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("is deterministic per seed", () => {
    assert.deepEqual(generateValue(GENERIC_OUTPUT_SCHEMA, createRandom("a")), generateValue(GENERIC_OUTPUT_SCHEMA, createRandom("a")));
    assert.notDeepEqual(generateValue(GENERIC_OUTPUT_SCHEMA, createRandom("a")), generateValue(GENERIC_OUTPUT_SCHEMA, createRandom("b")));
  });
});

describe("mutateValue", () => {
  it("changes at least one field and stays within the schema", () => {
    for (let seed = 0; seed < 300; seed++) {
      const original = generateValue(schema, createRandom(String(seed)));
      const changed = mutateValue(original, schema, createRandom(`variant-${seed}`)) as Record<string, unknown>;
      assert.notDeepEqual(changed, original, `seed ${seed}`);
      assert.equal(changed.fixed, "v1");
      assert.ok(["brand", "generic", "competitor"].includes(changed.category as string));
      assert.ok((changed.score as number) >= 0 && (changed.score as number) <= 10);
      assert.ok((changed.confidence as number) >= 0 && (changed.confidence as number) <= 1);
      assert.ok(Array.isArray(changed.tags) && changed.tags.length >= 1 && changed.tags.length <= 2);
    }
  });

  it("returns the value when nothing can change", () => {
    const fixed = { type: "object", properties: { version: { const: 1 }, kind: { enum: ["only"] } } };
    assert.deepEqual(mutateValue({ version: 1, kind: "only" }, fixed, createRandom("x")), { version: 1, kind: "only" });
  });
});
