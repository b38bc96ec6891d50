import { test } from "node:test";
import assert from "node:assert/strict";
import { isRetryableError, ShuttingDownError, SwitchyardError, withTimeout } from "../src/index";

test("withTimeout settles as the work does when it is in time", async () => {
  assert.equal(await withTimeout(Promise.resolve("done"), 1_000, () => "late"), "done");
  await assert.rejects(
    withTimeout(Promise.reject(new Error("broken")), 1_000, () => "late"),
    /broken/,
  );
});

test("withTimeout settles with the fallback's value, or its throw, when the work is late", async () => {
  const never = new Promise<string>(() => {});
  assert.equal(await withTimeout(never, 5, () => "late"), "late");
  await assert.rejects(
    withTimeout(never, 5, () => {
      throw new ShuttingDownError("no answer");
    }),
    (error: unknown) => error instanceof ShuttingDownError && error.code === "shutting_down",
  );
});

test("only an error that says so is retryable", () => {
  assert.equal(isRetryableError(new SwitchyardError("model_error", "x", { retryable: true })), true);
  assert.equal(isRetryableError(new SwitchyardError("model_error", "x")), false);
  assert.equal(isRetryableError(Object.assign(new Error("x"), { retryable: true })), false, "an unknown throw is never retried");
  assert.equal(isRetryableError("x"), false);
});
