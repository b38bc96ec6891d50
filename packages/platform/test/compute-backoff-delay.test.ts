import { test } from "node:test";
import assert from "node:assert/strict";
import { computeBackoffDelay } from "../src/index";

const options = { initialDelayMs: 100, maxDelayMs: 1_000 };

test("the delay doubles per attempt up to the maximum", () => {
  assert.equal(
    computeBackoffDelay(1, options, () => 1),
    100,
  );
  assert.equal(
    computeBackoffDelay(2, options, () => 1),
    200,
  );
  assert.equal(
    computeBackoffDelay(4, options, () => 1),
    800,
  );
  assert.equal(
    computeBackoffDelay(10, options, () => 1),
    1_000,
  );
});

test("jitter keeps the delay within the upper half of its ceiling", () => {
  assert.equal(
    computeBackoffDelay(3, options, () => 0),
    200,
  );
  for (let sample = 0; sample < 100; sample += 1) {
    const delay = computeBackoffDelay(3, options);
    assert.ok(delay >= 200 && delay <= 400, `delay ${delay} outside 200..400`);
  }
});

test("full jitter draws from the whole ceiling", () => {
  const full = { ...options, jitter: "full" as const };
  assert.equal(
    computeBackoffDelay(1, full, () => 0),
    0,
  );
  assert.equal(
    computeBackoffDelay(3, full, () => 0.5),
    200,
  );
  assert.ok(computeBackoffDelay(1, full, () => 0.999999) < 100);
  assert.equal(
    computeBackoffDelay(100, full, () => 0.5),
    500,
    "a huge attempt number stays at the maximum",
  );
});
