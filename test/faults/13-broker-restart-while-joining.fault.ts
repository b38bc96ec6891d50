// Scenario 13 (issue 20 d): the broker is restarted as soon as every service has begun its start,
// so the restart lands while they create their topics and join their groups (the test checks that
// at least one was not ready yet). Each must wait it out and become ready by itself.
// The broker is the scenario's own (scripts/services.sh on other ports), not the shared one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FaultPipeline } from "./support/fault-pipeline";
import { waitUntil } from "./support/fault-environment";
import { PrivateService } from "./support/private-services";
import { operationsPort, readReadiness, waitUntilReady } from "./support/service-health";
import { assertAnsweredExactlyWithoutRestart, describeReasons } from "./support/start-up-check";

const TASKS = 60;

test("13. broker restarted while the services join: all ready without a restart; all answered, usage exact", { timeout: 600_000 }, async () => {
  const broker = await PrivateService.kafka("s13");
  await broker.up();
  let pipeline: FaultPipeline | null = null;
  let passed = false;
  try {
    pipeline = await FaultPipeline.start({
      scenario: "s13-restart-joining",
      brokers: broker.address,
      prepare: false,
      simulator: { fixedLatencyMs: 50, latencyJitter: 0 },
    });
    const services = pipeline.startTogether();
    await waitUntil(() => services.every((service) => operationsPort(service) !== null), "every service has started its start", 60_000);
    const readyBefore = await Promise.all(services.map(async (service) => (await readReadiness(service))?.status === "ready"));
    const restartStarted = Date.now();
    await broker.down();
    await broker.up();
    const restartMs = Date.now() - restartStarted;
    const reasons = await waitUntilReady(services, 180_000);
    await pipeline.watchResults();
    await assertAnsweredExactlyWithoutRestart(
      pipeline,
      "13 broker restarted while joining",
      TASKS,
      `ready-before-restart=${readyBefore.filter(Boolean).length}/3 broker-restart-ms=${restartMs} ${describeReasons(reasons)}`,
    );
    assert.ok(
      readyBefore.some((ready) => !ready),
      "the restart began while at least one service was still starting",
    );
    passed = true;
  } finally {
    await pipeline?.stop(passed);
    await broker.destroy();
  }
});
