// Scenario 2: the router is stopped with SIGTERM three times while tasks are in flight. A graceful
// stop finishes (or abandons) in-flight work and commits only what is done: 0 lost, 0 duplicates.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import { waitUntil } from "./support/fault-environment";

const TASKS = 2500;
const STOPS = 3;
const IN_FLIGHT_AT_STOP = 150;

test("2. router SIGTERM x3 with tasks in flight: 0 lost, 0 duplicates", { timeout: 600_000 }, async () => {
  const pipeline = await FaultPipeline.start({ scenario: "s2-sigterm", simulator: { fixedLatencyMs: 1500, latencyJitter: 0 } });
  let passed = false;
  try {
    const tasks = buildTasks("s2", TASKS, pipeline.secrets.canary);
    const ids = tasks.map((task) => task.key);
    await pipeline.sendTasks(tasks);
    let router = pipeline.startRouter();
    const stops: Array<{ inFlight: number; exit: string; drainMs: number }> = [];
    for (let stop = 0; stop < STOPS; stop += 1) {
      let inFlight = 0;
      const answeredBefore = pipeline.liveResults.size;
      await waitUntil(
        async () => {
          inFlight = (await pipeline.simulatorStats()).inFlight;
          return inFlight >= IN_FLIGHT_AT_STOP && pipeline.liveResults.size >= answeredBefore + 100;
        },
        `${IN_FLIGHT_AT_STOP} calls in flight before stop ${stop + 1}`,
        180_000,
        () => `${inFlight} in flight; ${pipeline.describeProcesses()}`,
      );
      const started = Date.now();
      router.kill("SIGTERM");
      await router.exited;
      stops.push({ inFlight, exit: router.describeExit(), drainMs: Date.now() - started });
      router = pipeline.startRouter();
    }
    await pipeline.waitForResults(ids, 300_000);
    const outcome = await collectOutcome(pipeline, "2 router SIGTERM x3", ids);
    reportCounts(outcome.counts, `in-flight-at-stops=${stops.map((stop) => stop.inFlight).join("/")} drain-ms=${stops.map((stop) => stop.drainMs).join("/")}`);
    for (const stop of stops) assert.equal(stop.exit, "code 0", "a SIGTERM ends the router cleanly");
    assertNothingLost(outcome);
    assert.deepEqual(outcome.duplicatedIds.slice(0, 10), [], `${outcome.duplicatedIds.length} tasks were answered twice`);
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});
