import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildJsonSchemas, serializeJsonSchema } from "../src/index";

// dist/test -> package root
const directory = join(__dirname, "..", "..", "schemas");

describe("committed JSON Schemas", () => {
  it("match the zod schemas (run `npm run schemas` when this fails)", () => {
    const expected = buildJsonSchemas();
    for (const [name, document] of Object.entries(expected)) {
      const committed = readFileSync(join(directory, name), "utf8");
      assert.equal(committed, serializeJsonSchema(document), `schemas/${name} is stale`);
    }
    assert.deepEqual(readdirSync(directory).sort(), Object.keys(expected).sort(), "schemas/ holds a file no schema produces");
  });

  it("describe the task event as producers send it", () => {
    const task = buildJsonSchemas()["task-event.v1.schema.json"] as { required: string[]; properties: Record<string, unknown> };
    assert.deepEqual([...task.required].sort(), ["id", "maxTokens", "messages", "type"]);
    assert.ok(task.properties.outputSchema);
  });
});
