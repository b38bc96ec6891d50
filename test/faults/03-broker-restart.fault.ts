// Scenario 3: the Kafka broker is restarted mid-stream. The services are not touched: they must
// reconnect by themselves, and nothing may be lost. The broker is the scenario's own (started by
// scripts/services.sh on other ports), so the shared one that other tests use is never disturbed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import { waitUntil } from "./support/fault-environment";
import { PrivateService } from "./support/private-services";

const TASKS = 3000;
const SEND_OVER_MS = 40_000;
/** Results that show the pipeline is flowing before the broker goes down (a fixed sleep missed a router slow to start under load). */
const ANSWERED_BEFORE_RESTART = 100;

test("3. broker restarted mid-stream: services reconnect by themselves, 0 lost", { timeout: 600_000 }, async () => {
  const broker = await PrivateService.kafka("s3");
  await broker.up();
  let pipeline: FaultPipeline | null = null;
  let passed = false;
  try {
    pipeline = await FaultPipeline.start({ scenario: "s3-broker", brokers: broker.address, simulator: { fixedLatencyMs: 500, latencyJitter: 0 } });
    const running = pipeline;
    const tasks = buildTasks("s3", TASKS, running.secrets.canary);
    const ids = tasks.map((task) => task.key);
    running.startRouter();
    const sending = running.sendTasksPaced(tasks, SEND_OVER_MS);
    await waitUntil(
      () => running.liveResults.size >= ANSWERED_BEFORE_RESTART,
      `${ANSWERED_BEFORE_RESTART} results before the restart`,
      180_000,
      () => `${running.liveResults.size} results; ${running.describeProcesses()}`,
    );
    const answeredBeforeRestart = running.liveResults.size;
    const restartStarted = Date.now();
    await broker.down();
    await broker.up();
    const restartMs = Date.now() - restartStarted;
    await sending;
    await running.waitForResults(ids, 300_000);
    const outcome = await collectOutcome(running, "3 broker restart", ids);
    reportCounts(outcome.counts, `answered-before-restart=${answeredBeforeRestart} broker-down-ms=${restartMs}`);
    assert.ok(answeredBeforeRestart > 0 && answeredBeforeRestart < TASKS, "the restart fell mid-stream");
    for (const process of running.processes) assert.ok(process.running, `${process.name} is still the same process (${process.describeExit()})`);
    assertNothingLost(outcome);
    passed = true;
  } finally {
    await pipeline?.stop(passed);
    await broker.destroy();
  }
});
