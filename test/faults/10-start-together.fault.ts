// Scenario 10 (issue 20 a): router, shadow and sink spawned at the same moment on topics that do
// not exist yet, five times in a row. They race to create the same topics and join their groups
// while the broker is still electing the new partitions' leaders; none may exit, each must become
// ready by itself, and every task sent afterwards must be answered and counted exactly once.
import { test } from "node:test";
import { FaultPipeline } from "./support/fault-pipeline";
import { waitUntilReady } from "./support/service-health";
import { assertAnsweredExactlyWithoutRestart, describeReasons } from "./support/start-up-check";

const ROUNDS = 5;
const TASKS_PER_ROUND = 40;

test(
  "10. router, shadow and sink started together on fresh topics, 5 rounds: all ready without a restart, all answered, usage exact",
  { timeout: 600_000 },
  async () => {
    for (let round = 1; round <= ROUNDS; round += 1) {
      const pipeline = await FaultPipeline.start({ scenario: `s10-together-${round}`, prepare: false, simulator: { fixedLatencyMs: 50, latencyJitter: 0 } });
      let passed = false;
      try {
        const started = Date.now();
        const services = pipeline.startTogether();
        const reasons = await waitUntilReady(services, 120_000);
        const readyMs = Date.now() - started;
        await pipeline.watchResults();
        await assertAnsweredExactlyWithoutRestart(
          pipeline,
          `10 started together, round ${round}`,
          TASKS_PER_ROUND,
          `ready-ms=${readyMs} ${describeReasons(reasons)}`,
        );
        passed = true;
      } finally {
        await pipeline.stop(passed);
      }
    }
  },
);
