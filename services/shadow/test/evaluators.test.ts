import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareStructuredOutputs, computeTextSimilarity } from "../src/index";

describe("compareStructuredOutputs", () => {
  it("agrees when every field matches, numbers within tolerance", () => {
    const result = compareStructuredOutputs({ relevant: true, score: 0.8, tags: ["a", "b"] }, { tags: ["a", "b"], score: 0.8000000001, relevant: true }, 1e-6);
    assert.deepEqual(result, { score: 1, agree: true, fields: 4, mismatchedFields: [] });
  });
  it("scores the share of matching fields and disagrees on any mismatch", () => {
    const result = compareStructuredOutputs({ a: 1, b: "x", c: { d: 2 } }, { a: 1, b: "y", c: { d: 2 } }, 1e-6);
    assert.equal(result.fields, 3);
    assert.equal(result.score, 2 / 3);
    assert.equal(result.agree, false);
    assert.deepEqual(result.mismatchedFields, ["$.b"]);
  });
  it("counts a field on one side only as a mismatch", () => {
    const result = compareStructuredOutputs({ a: 1 }, { a: 1, extra: 2 }, 0);
    assert.equal(result.score, 0.5);
    assert.deepEqual(result.mismatchedFields, ["$.extra"]);
  });
  it("compares numbers with a relative tolerance", () => {
    assert.equal(compareStructuredOutputs({ n: 100 }, { n: 101 }, 0.02).agree, true);
    assert.equal(compareStructuredOutputs({ n: 100 }, { n: 103 }, 0.02).agree, false);
    assert.equal(compareStructuredOutputs({ n: 1 }, { n: "1" }, 0.5).agree, false);
  });
});

describe("computeTextSimilarity", () => {
  it("is 1 for the same text regardless of case and punctuation", () => {
    assert.equal(computeTextSimilarity("Spend rose 12% this week.", "spend rose 12% this WEEK"), 1);
  });
  it("is low for unrelated texts and between for near ones", () => {
    const unrelated = computeTextSimilarity("Clicks fell on mobile after the bid change", "The quarterly budget should move to brand search");
    const near = computeTextSimilarity("Clicks fell on mobile after the bid change on Tuesday", "Clicks fell on mobile after the bid change on Monday");
    assert.ok(unrelated < 0.1, `unrelated ${unrelated}`);
    assert.ok(near > 0.7 && near < 1, `near ${near}`);
  });
  it("handles empty texts", () => {
    assert.equal(computeTextSimilarity("", ""), 1);
    assert.equal(computeTextSimilarity("text", ""), 0);
  });
});
