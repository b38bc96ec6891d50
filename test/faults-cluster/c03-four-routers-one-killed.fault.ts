// Cluster scenario 3: four routers share twelve partitions on the three-broker cluster; one is
// SIGKILLed. The three others must take over its partitions and nothing may be lost. kafkajs
// rebalances eagerly: the kill's rebalance (and any later one) reassigns the survivors' partitions
// too, so a task answered on any partition that changed hands before its offset was committed is
// consumed again. Every repeat must be explained by such a hand-over (see hand-overs.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "../faults/support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "../faults/support/fault-outcome";
import { FaultPipeline } from "../faults/support/fault-pipeline";
import { waitUntil } from "../faults/support/fault-environment";
import { lastAssignment } from "../faults/support/router-assignment";
import { mapTaskPositions } from "../faults/support/task-offsets";
import { explainRepeats, readHandOvers } from "../faults/support/hand-overs";
import { CLUSTER_BROKERS, KafkaCluster } from "./support/kafka-cluster";
import { assertDuplicatesDeduped, assertReplicated } from "./support/cluster-checks";

const TASKS = 3000;
const PARTITIONS = 12;
const ROUTERS = 4;

test("c3. four routers over twelve partitions, one SIGKILLed: the others take over, 0 lost", { timeout: 600_000 }, async () => {
  const cluster = await KafkaCluster.connect();
  let pipeline: FaultPipeline | null = null;
  let passed = false;
  try {
    pipeline = await FaultPipeline.start({
      scenario: "c3-four-routers",
      brokers: CLUSTER_BROKERS,
      partitions: PARTITIONS,
      simulator: { fixedLatencyMs: 1000, latencyJitter: 0 },
    });
    const running = pipeline;
    await cluster.waitUntilWhole([running.names.topics.tasks]);
    await assertReplicated(cluster, running.names.topics.tasks);
    const tasks = buildTasks("c3", TASKS, running.secrets.canary);
    const ids = tasks.map((task) => task.key);
    const routers = Array.from({ length: ROUTERS }, () => running.startRouter());
    await running.sendTasks(tasks);
    const assigned = () => routers.map((router) => lastAssignment(router).length);
    await waitUntil(
      () => assigned().every((count) => count > 0) && assigned().reduce((sum, count) => sum + count, 0) === PARTITIONS,
      "the four routers share the twelve partitions",
      180_000,
      () => assigned().join(","),
    );
    await waitUntil(() => running.liveResults.size >= 300, "300 results before the kill", 120_000);
    const [victim, ...survivors] = routers as [(typeof routers)[0], ...typeof routers];
    const victimAssignment = lastAssignment(victim);
    victim.kill("SIGKILL");
    await victim.exited;
    const survivorsOwn = () => survivors.reduce((sum, router) => sum + lastAssignment(router).length, 0);
    await waitUntil(
      () => survivorsOwn() === PARTITIONS,
      "the three survivors own every partition",
      180_000,
      () => String(survivorsOwn()),
    );
    await running.waitForGroupCaughtUp(running.names.routerGroup, running.names.topics.tasks, 300_000);
    const outcome = await collectOutcome(running, "c3 four routers, one killed", ids);
    const handOvers = readHandOvers(routers, running.names.topics.tasks);
    const { explained, unexplained } = explainRepeats(outcome.duplicatedIds, outcome.resultsByTask, mapTaskPositions(await running.readTasks()), handOvers);
    // The victim's partitions repeat what it answered in its last commit interval; the survivors' what they answered
    // while the rebalance held their commits back (answered seconds, not minutes, before the hand-over).
    const victimOwned = new Set(victimAssignment.map((entry) => Number(entry.slice(entry.lastIndexOf("/") + 1))));
    const onSurvivors = explained.filter((repeat) => !victimOwned.has(repeat.partition));
    const survivorsLongest = Math.max(0, ...onSurvivors.map((repeat) => repeat.answeredBeforeHandOverMs));
    // Answered after the new owner had started: the old owner learns of the revocation only after the new one may begin.
    const answeredDuringHandOver = explained.filter((repeat) => repeat.answeredBeforeHandOverMs < 0).length;
    reportCounts(
      outcome.counts,
      `victim-partitions=${victimAssignment.length} survivors-assignment=${survivors.map((router) => lastAssignment(router).length).join("+")} hand-overs=${handOvers.length} ` +
        `repeats-explained-by-a-hand-over=${explained.length} (victim's partitions ${explained.length - onSurvivors.length}, survivors' ${onSurvivors.length}, ` +
        `answered at most ${(survivorsLongest / 1000).toFixed(1)} s before their hand-over, ${answeredDuringHandOver} during it) unexplained=${unexplained.length}`,
    );
    for (const router of survivors) assert.ok(router.running, "every survivor kept running");
    assertNothingLost(outcome);
    assertDuplicatesDeduped(outcome, ids);
    assert.deepEqual(unexplained.slice(0, 10), [], `${unexplained.length} repeats without a hand-over of their partition between two answers`);
    passed = true;
  } finally {
    await pipeline?.stop(passed);
    await cluster.close();
  }
});
