// Cluster scenario 2: a rolling restart of all three brokers mid-stream, as an upgrade does it: each
// broker in turn stopped (controlled shutdown), started again, and the next one only once every
// partition is back in sync. The services are not touched, and nothing may be lost.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "../faults/support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "../faults/support/fault-outcome";
import { FaultPipeline } from "../faults/support/fault-pipeline";
import { waitUntil } from "../faults/support/fault-environment";
import { BROKER_IDS, CLUSTER_BROKERS, KafkaCluster, type BrokerId } from "./support/kafka-cluster";
import { assertDuplicatesDeduped, assertReplicated } from "./support/cluster-checks";

const TASKS = 3000;
const SEND_OVER_MS = 120_000;
const UNSENT_PARTITIONS_LOG = "kafkajs answered without sending some partitions (their leader moved mid-send); sending them again";

test("c2. rolling restart of all three brokers mid-stream: 0 lost", { timeout: 900_000 }, async () => {
  const cluster = await KafkaCluster.connect();
  let pipeline: FaultPipeline | null = null;
  let down: BrokerId | null = null;
  let passed = false;
  try {
    pipeline = await FaultPipeline.start({ scenario: "c2-rolling", brokers: CLUSTER_BROKERS, simulator: { fixedLatencyMs: 300, latencyJitter: 0 } });
    const running = pipeline;
    const topics = Object.values(running.names.topics);
    await cluster.waitUntilWhole(topics);
    await assertReplicated(cluster, running.names.topics.results);
    const tasks = buildTasks("c2", TASKS, running.secrets.canary);
    const ids = tasks.map((task) => task.key);
    running.startRouter();
    const sending = running.sendTasksPaced(tasks, SEND_OVER_MS);
    await waitUntil(() => running.liveResults.size >= 100, "100 results before the first restart", 120_000);
    const answeredBeforeRestarts = running.liveResults.size;
    const committedBefore = await committedTasks(running);
    const restartStarted = Date.now();
    for (const id of BROKER_IDS) {
      down = id;
      await cluster.stop(id);
      await cluster.start(id);
      down = null;
      await cluster.waitUntilWhole(topics);
    }
    const rollingMs = Date.now() - restartStarted;
    const committedDuringRestarts = (await committedTasks(running)) - committedBefore;
    await sending;
    // Committed only once its result is acknowledged: caught up, every task is answered (read back from the topic below).
    await running.waitForGroupCaughtUp(running.names.routerGroup, running.names.topics.tasks, 300_000);
    const outcome = await collectOutcome(running, "c2 rolling restart", ids);
    // Evidence for the kafkajs send that resolves without a partition whose leader moved: how often the
    // suite's own task producer and the router had to send a partition again, and every task really in the topic.
    const tasksInTopic = new Set((await running.readTasks()).map((message) => message.key)).size;
    const routerResends = running.routers.flatMap((router) => router.logEntries().filter((entry) => entry.msg === UNSENT_PARTITIONS_LOG)).length;
    reportCounts(
      outcome.counts,
      `rolling-restart-ms=${rollingMs} tasks-committed-during-restarts=${committedDuringRestarts} tasks-in-topic=${tasksInTopic} probe-partitions-sent-again=${running.probe.unsentPartitions} router-sends-repeated=${routerResends}`,
    );
    assert.equal(tasksInTopic, TASKS, "every task sent is in the tasks topic");
    assert.ok(answeredBeforeRestarts < TASKS && committedDuringRestarts > 0n, "the restarts fell mid-stream, and work went on meanwhile");
    for (const process of running.processes) assert.ok(process.running, `${process.name} is still the same process (${process.describeExit()})`);
    assertNothingLost(outcome);
    assertDuplicatesDeduped(outcome, ids);
    passed = true;
  } finally {
    if (down !== null) await cluster.start(down).catch(() => undefined);
    await pipeline?.stop(passed);
    await cluster.close();
  }
});

/** Tasks the router group has committed, over all partitions. */
async function committedTasks(pipeline: FaultPipeline): Promise<bigint> {
  const committed = await pipeline.probe.committedOffsets(pipeline.names.routerGroup, pipeline.names.topics.tasks);
  return [...committed.values()].reduce((sum, offset) => sum + (offset > 0n ? offset : 0n), 0n);
}
