// Cluster scenario 1: on the three-broker cluster, the broker leading partitions of both the tasks
// and the results topics is SIGKILLed mid-stream (no controlled shutdown), then started again. The
// services are not touched: leadership moves to the in-sync replicas, and nothing may be lost.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "../faults/support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "../faults/support/fault-outcome";
import { FaultPipeline } from "../faults/support/fault-pipeline";
import { sleep, waitUntil } from "../faults/support/fault-environment";
import { CLUSTER_BROKERS, KafkaCluster, type BrokerId } from "./support/kafka-cluster";
import { assertDuplicatesDeduped, assertReplicated } from "./support/cluster-checks";

const TASKS = 2000;
const SEND_OVER_MS = 40_000;

test("c1. the broker leading tasks and results partitions SIGKILLed mid-stream: 0 lost", { timeout: 600_000 }, async () => {
  const cluster = await KafkaCluster.connect();
  let pipeline: FaultPipeline | null = null;
  let killed: BrokerId | null = null;
  let passed = false;
  try {
    pipeline = await FaultPipeline.start({ scenario: "c1-leader-kill", brokers: CLUSTER_BROKERS, simulator: { fixedLatencyMs: 300, latencyJitter: 0 } });
    const running = pipeline;
    const { tasks: tasksTopic, results: resultsTopic } = running.names.topics;
    await cluster.waitUntilWhole([tasksTopic, resultsTopic]);
    await assertReplicated(cluster, tasksTopic);
    const tasks = buildTasks("c1", TASKS, running.secrets.canary);
    const ids = tasks.map((task) => task.key);
    running.startRouter();
    const sending = running.sendTasksPaced(tasks, SEND_OVER_MS);
    await waitUntil(() => running.liveResults.size >= 100, "100 results before the kill", 120_000);
    const victim = await busiestLeader(cluster, tasksTopic, resultsTopic);
    const answeredBeforeKill = running.liveResults.size;
    killed = victim.id;
    await cluster.kill(victim.id);
    await sleep(10_000);
    await cluster.start(victim.id);
    killed = null;
    await sending;
    // The router commits a task only once its result is acknowledged by the in-sync replicas: caught up, everything is answered
    // (read back from the topic below; the live watcher of the test process is not relied on through the kill).
    await running.waitForGroupCaughtUp(running.names.routerGroup, tasksTopic, 300_000);
    const outcome = await collectOutcome(running, "c1 leader SIGKILL", ids);
    reportCounts(
      outcome.counts,
      `killed-broker=${victim.id} led-tasks-partitions=${victim.tasksLed} led-results-partitions=${victim.resultsLed} answered-before-kill=${answeredBeforeKill}`,
    );
    assert.ok(victim.tasksLed > 0 && victim.resultsLed > 0, "the killed broker led partitions of both topics");
    assert.ok(answeredBeforeKill > 0 && answeredBeforeKill < TASKS, "the kill fell mid-stream");
    for (const process of running.processes) assert.ok(process.running, `${process.name} is still the same process (${process.describeExit()})`);
    assertNothingLost(outcome);
    assertDuplicatesDeduped(outcome, ids);
    passed = true;
  } finally {
    if (killed !== null) await cluster.start(killed).catch(() => undefined);
    await pipeline?.stop(passed);
    await cluster.close();
  }
});

/** The broker that leads the most partitions of both topics (the fewer of the two counts decides). */
async function busiestLeader(cluster: KafkaCluster, tasksTopic: string, resultsTopic: string): Promise<{ id: BrokerId; tasksLed: number; resultsLed: number }> {
  const [tasks, results] = [await cluster.leaders(tasksTopic), await cluster.leaders(resultsTopic)];
  const led = (leaders: Map<number, number>, id: number) => [...leaders.values()].filter((leader) => leader === id).length;
  const candidates = ([1, 2, 3] as const).map((id) => ({ id, tasksLed: led(tasks, id), resultsLed: led(results, id) }));
  candidates.sort((left, right) => Math.min(right.tasksLed, right.resultsLed) - Math.min(left.tasksLed, left.resultsLed));
  return candidates[0]!;
}
