import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exceedsJsonDepth, measureJsonDepth } from "../src/measure-json-depth";

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("exceedsJsonDepth", () => {
  it("agrees with measureJsonDepth on both sides of the limit", () => {
    for (const levels of [0, 1, 63, 64, 65, 1_000]) {
      const text = `{"a":${nested(levels)}}`;
      assert.equal(exceedsJsonDepth(text, 64), measureJsonDepth(text, 64) > 64, `${levels} levels`);
    }
    assert.equal(exceedsJsonDepth(`{"a":${nested(63)}}`, 64), false);
    assert.equal(exceedsJsonDepth(`{"a":${nested(64)}}`, 64), true);
  });

  it("accepts many shallow brackets: their count is over the limit, their depth is not", () => {
    const text = JSON.stringify({ items: Array.from({ length: 500 }, (_, index) => ({ index, tags: [index] })) });
    assert.equal(exceedsJsonDepth(text, 64), false);
  });

  it("does not count brackets inside strings as nesting", () => {
    const text = JSON.stringify({ text: "[".repeat(1_000), more: "{".repeat(1_000) });
    assert.equal(exceedsJsonDepth(text, 64), false);
  });

  it("refuses deep nesting of objects as of arrays", () => {
    const text = `${'{"a":'.repeat(70)}1${"}".repeat(70)}`;
    assert.equal(exceedsJsonDepth(text, 64), true);
  });
});
