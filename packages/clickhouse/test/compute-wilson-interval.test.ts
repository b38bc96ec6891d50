import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeWilsonInterval, recommendGuard, recommendShadowMove } from "../src";

const close = (actual: number, expected: number, tolerance = 5e-5) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

describe("computeWilsonInterval", () => {
  it("matches published values", () => {
    // Reference values computed separately (Python, closed form) and rounded to 5 decimals.
    const high = computeWilsonInterval(245, 250);
    close(high.lower, 0.95404);
    close(high.upper, 0.99143);
    const middle = computeWilsonInterval(90, 150);
    close(middle.lower, 0.52005);
    close(middle.upper, 0.67496);
  });

  it("stays inside [0, 1] at the edges", () => {
    const all = computeWilsonInterval(100, 100);
    assert.equal(all.rate, 1);
    assert.equal(all.upper, 1);
    close(all.lower, 0.96301);
    const none = computeWilsonInterval(0, 10);
    assert.equal(none.lower, 0);
    close(none.upper, 0.27753);
    assert.deepEqual(computeWilsonInterval(0, 0), { rate: null, lower: 0, upper: 1 });
  });

  it("refuses impossible counts", () => {
    assert.throws(() => computeWilsonInterval(5, 4), RangeError);
    assert.throws(() => computeWilsonInterval(-1, 4), RangeError);
    assert.throws(() => computeWilsonInterval(1.5, 4), RangeError);
  });
});

describe("recommendShadowMove", () => {
  const base = { shadowTier: "fast", target: 0.95, minSamples: 100 };

  it("moves down when the lower bound reaches the target with enough samples", () => {
    const result = recommendShadowMove({ ...base, samples: 250, agreements: 245 });
    assert.equal(result.moveDown, true);
    assert.equal(result.recommendation, "move down to fast");
  });

  it("says what is missing", () => {
    assert.equal(
      recommendShadowMove({ ...base, samples: 50, agreements: 50 }).recommendation,
      "keep: needs 50 more samples (has 50 of 100); agreement lower bound 92.9% is below the 95.0% target",
    );
    assert.equal(recommendShadowMove({ ...base, samples: 150, agreements: 90 }).recommendation, "keep: agreement lower bound 52.0% is below the 95.0% target");
    assert.equal(recommendShadowMove({ ...base, samples: 0, agreements: 0 }).moveDown, false);
  });

  it("says how many shadow calls failed, without counting them as disagreement", () => {
    const result = recommendShadowMove({ ...base, samples: 250, agreements: 245, shadowFailures: 40 });
    assert.equal(result.moveDown, true);
    assert.equal(result.recommendation, "move down to fast (40 shadow calls failed: not counted as disagreement)");
    assert.equal(
      recommendShadowMove({ ...base, samples: 50, agreements: 50, shadowFailures: 1 }).recommendation,
      "keep: needs 50 more samples (has 50 of 100); agreement lower bound 92.9% is below the 95.0% target (1 shadow call failed: not counted as disagreement)",
    );
  });
});

describe("recommendGuard", () => {
  it("moves a guarded type back only when the upper bound is below the target on enough samples", () => {
    assert.match(
      recommendGuard({ samples: 120, agreements: 90, shadowTier: "standard", target: 0.95, minSamples: 100 }).recommendation,
      /^move back to standard: agreement upper bound 8\d\.\d% is below the 95\.0% target$/,
    );
    assert.equal(recommendGuard({ samples: 99, agreements: 50, shadowTier: "standard", target: 0.95, minSamples: 100 }).recommendation, "guard holds");
    assert.equal(recommendGuard({ samples: 200, agreements: 199, shadowTier: "standard", target: 0.95, minSamples: 100 }).recommendation, "guard holds");
  });
});
