import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRateLimiter } from "../src/index";

/** A fake clock whose sleep advances time and records the waits. */
function fakeClock(start = 1_000_000) {
  let time = start;
  const waits: number[] = [];
  return {
    now: () => time,
    waits,
    advance: (milliseconds: number) => {
      time += milliseconds;
    },
    sleep: async (milliseconds: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      waits.push(Math.round(milliseconds));
      time += milliseconds;
    },
  };
}

const report = { estimatedTokens: 0, usedTokens: 0 };

describe("createRateLimiter", () => {
  it("requests per minute: a full bucket, then one call per 60/limit seconds", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits: { m: { requestsPerMinute: 2 } }, now: clock.now, sleep: clock.sleep });
    await limiter.acquire("m", 0);
    await limiter.acquire("m", 0);
    assert.deepEqual(clock.waits, []);
    await limiter.acquire("m", 0);
    assert.deepEqual(clock.waits, [30_000]);
  });

  it("waiting calls are served in arrival order", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      limits: { m: { requestsPerMinute: 60 } },
      now: clock.now,
      sleep: async (milliseconds) => void clock.waits.push(Math.round(milliseconds)),
    });
    for (let index = 0; index < 63; index++) await limiter.acquire("m", 0);
    assert.deepEqual(clock.waits, [1_000, 2_000, 3_000], "reservations stack up while the clock stands still");
  });

  it("tokens per minute, corrected by real usage", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits: { m: { tokensPerMinute: 6_000 } }, now: clock.now, sleep: clock.sleep });
    await limiter.acquire("m", 5_000);
    limiter.settle("m", { estimatedTokens: 5_000, usedTokens: 1_000 });
    await limiter.acquire("m", 5_000);
    assert.deepEqual(clock.waits, [], "the unused 4,000 came back");
    await limiter.acquire("m", 1_000);
    assert.deepEqual(clock.waits, [10_000], "1,000 tokens short at 100 tokens per second");
  });

  it("models without a budget pass at once", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits: { other: { requestsPerMinute: 1 } }, now: clock.now, sleep: clock.sleep });
    for (let index = 0; index < 100; index++) await limiter.acquire("m", 1_000);
    assert.deepEqual(clock.waits, []);
  });

  it("a 429's retry-after pauses every call to that model", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    limiter.settle("m", { ...report, retryAfterMs: 5_000 });
    assert.equal(limiter.pausedUntil("m"), clock.now() + 5_000);
    await limiter.acquire("m", 0);
    await limiter.acquire("other", 0);
    assert.deepEqual(clock.waits, [5_000]);
    await limiter.acquire("m", 0);
    assert.deepEqual(clock.waits, [5_000], "the pause is over");
  });

  it("remaining 0 in the rate-limit headers waits until the reset", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    const resetAt = new Date(clock.now() + 2_000);
    limiter.settle("m", {
      ...report,
      rateLimit: {
        requests: { limit: 50, remaining: 0, resetAt },
        tokens: { limit: 1_000, remaining: 10, resetAt: new Date(clock.now() + 9_000) },
        inputTokens: null,
        outputTokens: null,
      },
    });
    await limiter.acquire("m", 0);
    assert.deepEqual(clock.waits, [2_000]);
  });

  it("caps pauses at maxPauseMs", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep, maxPauseMs: 1_000 });
    limiter.settle("m", { ...report, retryAfterMs: 3_600_000 });
    await limiter.acquire("m", 0);
    assert.deepEqual(clock.waits, [1_000]);
  });

  it("an aborted wait rejects and gives its reservation back", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limits: { m: { requestsPerMinute: 1 } }, now: clock.now, sleep: clock.sleep });
    await limiter.acquire("m", 0);
    const controller = new AbortController();
    controller.abort(new Error("shutdown"));
    await assert.rejects(limiter.acquire("m", 0, controller.signal), /shutdown/);
    clock.advance(60_000);
    await limiter.acquire("m", 0);
    assert.deepEqual(clock.waits, [], "the refunded slot refilled with the minute");
  });
});
