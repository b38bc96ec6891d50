// Scenario 11 (issue 20 b): router, shadow and sink are started before the broker, which comes up
// 20 s later. While it is away each service must stay up and say on /readyz that it waits for
// Kafka; once it answers, each creates its topics, joins its group and becomes ready by itself.
// The broker is the scenario's own (scripts/services.sh on other ports), not the shared one.
import { test } from "node:test";
import { FaultPipeline } from "./support/fault-pipeline";
import { sleep } from "./support/fault-environment";
import { PrivateService } from "./support/private-services";
import { waitForNotReadyReason, waitUntilReady } from "./support/service-health";
import { assertAnsweredExactlyWithoutRestart, describeReasons } from "./support/start-up-check";

const BROKER_LATE_MS = 20_000;
const TASKS = 60;

test(
  "11. services started 20 s before the broker: all wait, then become ready without a restart; all answered, usage exact",
  { timeout: 600_000 },
  async () => {
    const broker = await PrivateService.kafka("s11");
    let pipeline: FaultPipeline | null = null;
    let passed = false;
    try {
      pipeline = await FaultPipeline.start({
        scenario: "s11-broker-late",
        brokers: broker.address,
        prepare: false,
        simulator: { fixedLatencyMs: 50, latencyJitter: 0 },
      });
      const started = Date.now();
      const services = pipeline.startTogether();
      for (const service of services) await waitForNotReadyReason(service, /waiting for kafka/, BROKER_LATE_MS);
      await sleep(Math.max(0, started + BROKER_LATE_MS - Date.now()));
      const brokerUpStarted = Date.now();
      await broker.up();
      const brokerUpMs = Date.now() - brokerUpStarted;
      const reasons = await waitUntilReady(services, 180_000);
      const readyAfterBrokerMs = Date.now() - brokerUpStarted - brokerUpMs;
      await pipeline.watchResults();
      await assertAnsweredExactlyWithoutRestart(
        pipeline,
        "11 broker 20 s late",
        TASKS,
        `broker-start-ms=${brokerUpMs} ready-after-broker-ms=${readyAfterBrokerMs} ${describeReasons(reasons)}`,
      );
      passed = true;
    } finally {
      await pipeline?.stop(passed);
      await broker.destroy();
    }
  },
);
