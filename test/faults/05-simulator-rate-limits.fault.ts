// Scenario 5: the model API answers 429 (with retry-after) or 529 on half the calls for 30 s.
// Every task must still complete; no retry of a 429 may come sooner than its retry-after; and the
// retries must not turn into a hot loop (calls per second stay bounded, backoff is applied).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { UsageEvent } from "@switchyard/contracts";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";

const TASKS = 1500;
const SEND_OVER_MS = 45_000;
const RETRY_AFTER_MS = 1_000;
const FAULT_WINDOW = { startsAfterMs: 5_000, durationMs: 30_000 };
// Timestamps are whole milliseconds and latencies are rounded: a gap may read 2 ms short.
const CLOCK_SLACK_MS = 2;

test("5. 429/529 on half the calls for 30 s: every task completes, retry-after honoured, bounded call rate", { timeout: 600_000 }, async () => {
  const pipeline = await FaultPipeline.start({
    scenario: "s5-rate-limits",
    simulator: {
      fixedLatencyMs: 200,
      latencyJitter: 0,
      // Drawn in order: 429 on a quarter of the calls, then 529 on a third of the rest: half in all.
      faults: [
        { kind: "rate_limit", share: 0.25, retryAfterMs: RETRY_AFTER_MS, ...FAULT_WINDOW },
        { kind: "overloaded", share: 1 / 3, ...FAULT_WINDOW },
      ],
    },
    // Enough attempts per model to outlast the 30 s window with exponential backoff.
    routerEnvironment: { ROUTER_MAX_ATTEMPTS_PER_MODEL: "20" },
  });
  let passed = false;
  try {
    const tasks = buildTasks("s5", TASKS, pipeline.secrets.canary);
    const ids = tasks.map((task) => task.key);
    pipeline.startRouter();
    await pipeline.sendTasksPaced(tasks, SEND_OVER_MS);
    await pipeline.waitForResults(ids, 300_000);
    const outcome = await collectOutcome(pipeline, "5 simulator 429/529 on half the calls for 30 s", ids);
    const stats = await pipeline.simulatorStats();
    const routerCalls = outcome.usage.filter((event) => event.role === "primary" || event.role === "fallback");
    const gaps = retryGaps(routerCalls);
    const early429 = gaps.filter((gap) => gap.after === "rate_limited" && gap.gapMs < RETRY_AFTER_MS - CLOCK_SLACK_MS);
    const gapsAfter529 = gaps
      .filter((gap) => gap.after === "overloaded")
      .map((gap) => gap.gapMs)
      .sort((left, right) => left - right);
    const median529 = gapsAfter529[Math.floor(gapsAfter529.length / 2)] ?? 0;
    const arrivalPerSecond = TASKS / (SEND_OVER_MS / 1000);
    const peak = stats.callsPerSecond.peak;
    const notOk = [...outcome.resultsByTask.values()].filter((results) => results.every((result) => result.status !== "ok"));
    reportCounts(
      outcome.counts,
      `calls=${stats.totalCalls} by-status=${JSON.stringify(stats.byStatus)} peak-calls/s=${peak} arrival/s=${arrivalPerSecond.toFixed(0)} ` +
        `retries-after-429=${gaps.filter((gap) => gap.after === "rate_limited").length} early=${early429.length} median-gap-after-529-ms=${median529} not-ok=${notOk.length}`,
    );
    assert.ok((stats.byStatus["429"] ?? 0) > 50 && (stats.byStatus["529"] ?? 0) > 50, "the faults were really injected");
    assertNothingLost(outcome);
    assert.equal(notOk.length, 0, `${notOk.length} tasks did not complete: ${JSON.stringify(notOk[0]?.[0]?.error)}`);
    assert.deepEqual(early429.slice(0, 5), [], `${early429.length} retries came sooner than the retry-after of ${RETRY_AFTER_MS} ms`);
    // Backoff with full jitter: the first retry waits a uniform draw below 500 ms (median 250).
    assert.ok(median529 >= 100, `retries after a 529 wait ${median529} ms (median): no backoff`);
    // Half the calls fail, so about two calls per task; a hot loop would be many more per second.
    assert.ok(peak <= 4 * arrivalPerSecond + 64, `peak ${peak} calls/s against ${arrivalPerSecond.toFixed(0)} tasks/s`);
    assert.ok(routerCalls.length <= 4 * TASKS, `${routerCalls.length} router calls for ${TASKS} tasks`);
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});

interface RetryGap {
  after: string;
  gapMs: number;
}

/** For each failed call followed by another call of the same task to the same model: the wait between them. */
function retryGaps(calls: readonly UsageEvent[]): RetryGap[] {
  const byTaskAndModel = new Map<string, UsageEvent[]>();
  for (const call of calls) {
    const key = `${call.taskId}|${call.model}`;
    byTaskAndModel.set(key, [...(byTaskAndModel.get(key) ?? []), call]);
  }
  const gaps: RetryGap[] = [];
  for (const list of byTaskAndModel.values()) {
    const ordered = [...list].sort((left, right) => Date.parse(left.ts) - Date.parse(right.ts));
    for (let index = 1; index < ordered.length; index += 1) {
      const previous = ordered[index - 1];
      const next = ordered[index];
      if (!previous || !next || previous.status !== "error" || previous.errorType === null) continue;
      gaps.push({ after: previous.errorType, gapMs: Date.parse(next.ts) - (Date.parse(previous.ts) + previous.latencyMs) });
    }
  }
  return gaps;
}
