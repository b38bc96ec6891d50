// Scenario 7: two router instances share the group; one is killed (SIGKILL). The survivor must
// take over the dead one's partitions and nothing may be lost.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import { waitUntil } from "./support/fault-environment";
import { lastAssignment } from "./support/router-assignment";
import { answeredButUncommitted, mapTaskPositions } from "./support/task-offsets";

const TASKS = 3000;
const PARTITIONS = 6;

test("7. two routers, one killed: the other takes over its partitions, 0 lost", { timeout: 600_000 }, async () => {
  const pipeline = await FaultPipeline.start({ scenario: "s7-takeover", partitions: PARTITIONS, simulator: { fixedLatencyMs: 1000, latencyJitter: 0 } });
  let passed = false;
  try {
    const tasks = buildTasks("s7", TASKS, pipeline.secrets.canary);
    const ids = tasks.map((task) => task.key);
    const victim = pipeline.startRouter();
    const survivor = pipeline.startRouter();
    await pipeline.sendTasks(tasks);
    // Both own partitions and both are working.
    await waitUntil(
      () =>
        lastAssignment(victim).length > 0 &&
        lastAssignment(survivor).length > 0 &&
        lastAssignment(victim).length + lastAssignment(survivor).length === PARTITIONS,
      "the two routers share the partitions",
      120_000,
      () => `victim ${lastAssignment(victim).length}, survivor ${lastAssignment(survivor).length}`,
    );
    await waitUntil(() => pipeline.liveResults.size >= 300, "300 results before the kill", 120_000);
    const victimPartitions = lastAssignment(victim);
    victim.kill("SIGKILL");
    await victim.exited;
    const killedAt = Date.now();
    const committed = await pipeline.probe.committedOffsets(pipeline.names.routerGroup, pipeline.names.topics.tasks);
    await waitUntil(() => lastAssignment(survivor).length === PARTITIONS, "the survivor owns every partition", 120_000);
    await pipeline.waitForResults(ids, 300_000);
    const outcome = await collectOutcome(pipeline, "7 two routers, one killed", ids);
    const mayRepeat = answeredButUncommitted(outcome.resultsByTask, mapTaskPositions(await pipeline.readTasks()), killedAt, committed);
    const unexpected = outcome.duplicatedIds.filter((id) => !mayRepeat.has(id));
    reportCounts(
      outcome.counts,
      `victim-partitions=${victimPartitions.length} takeover-assignment=${lastAssignment(survivor).length} answered-uncommitted-at-kill=${mayRepeat.size}`,
    );
    assert.ok(survivor.running, "the survivor kept running");
    assertNothingLost(outcome);
    assert.deepEqual(unexpected.slice(0, 10), [], `${unexpected.length} duplicates of tasks committed before the kill`);
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});
