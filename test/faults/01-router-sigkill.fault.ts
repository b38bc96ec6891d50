// Scenario 1: the router is killed (SIGKILL) three times with at least 100 tasks in flight.
// Nothing may be lost; a task may be answered twice only if the killed router had answered it
// without committing its offset (at-least-once), never otherwise.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import { waitUntil } from "./support/fault-environment";
import { answeredButUncommitted, mapTaskPositions } from "./support/task-offsets";

const TASKS = 2500;
const KILLS = 3;
// The shadow may hold up to 32 calls at the simulator: 150 there means over 100 are the router's.
const IN_FLIGHT_AT_KILL = 150;

test("1. router SIGKILL x3 with >= 100 tasks in flight: 0 lost, duplicates only among in-flight tasks", { timeout: 600_000 }, async () => {
  const pipeline = await FaultPipeline.start({ scenario: "s1-sigkill", simulator: { fixedLatencyMs: 1500, latencyJitter: 0 } });
  let passed = false;
  try {
    const tasks = buildTasks("s1", TASKS, pipeline.secrets.canary);
    const ids = tasks.map((task) => task.key);
    await pipeline.sendTasks(tasks);
    let router = pipeline.startRouter();
    const kills: Array<{ at: number; committed: Map<number, bigint>; simulatorInFlight: number }> = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      let inFlight = 0;
      // Some answers first, so that the kill also meets answered work whose offsets are not committed yet.
      const answeredBefore = pipeline.liveResults.size;
      await waitUntil(
        async () => {
          inFlight = (await pipeline.simulatorStats()).inFlight;
          return inFlight >= IN_FLIGHT_AT_KILL && pipeline.liveResults.size >= answeredBefore + 100;
        },
        `${IN_FLIGHT_AT_KILL} calls in flight before kill ${kill + 1}`,
        180_000,
        () => `${inFlight} in flight; ${pipeline.describeProcesses()}`,
      );
      router.kill("SIGKILL");
      await router.exited;
      const at = Date.now();
      kills.push({
        at,
        committed: await pipeline.probe.committedOffsets(pipeline.names.routerGroup, pipeline.names.topics.tasks),
        simulatorInFlight: inFlight,
      });
      router = pipeline.startRouter();
    }
    await pipeline.waitForResults(ids, 300_000);
    const outcome = await collectOutcome(pipeline, "1 router SIGKILL x3", ids);
    const positions = mapTaskPositions(await pipeline.readTasks());
    const uncommitted = kills.map((kill) => answeredButUncommitted(outcome.resultsByTask, positions, kill.at, kill.committed));
    const mayRepeat = new Set(uncommitted.flatMap((set) => [...set]));
    const unexpected = outcome.duplicatedIds.filter((id) => !mayRepeat.has(id));
    reportCounts(
      outcome.counts,
      `in-flight-at-kills=${kills.map((kill) => kill.simulatorInFlight).join("/")} answered-uncommitted-at-kills=${uncommitted.map((set) => set.size).join("/")} unexpected-duplicates=${unexpected.length}`,
    );
    assert.equal(kills.length, KILLS);
    assertNothingLost(outcome);
    assert.deepEqual(unexpected.slice(0, 10), [], `${unexpected.length} tasks were answered twice although their offsets were committed before the kill`);
    const extraResults = outcome.counts.resultMessages - outcome.counts.results;
    assert.ok(extraResults <= mayRepeat.size * KILLS, `${extraResults} extra results for ${mayRepeat.size} re-consumed tasks`);
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});
