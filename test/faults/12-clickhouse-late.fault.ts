// Scenario 12 (issue 20 c): the sink is started while ClickHouse is down; ClickHouse comes up 30 s
// later. The sink must stay up saying on /readyz that it waits for ClickHouse, then apply its
// migrations and consume everything the router published meanwhile, each call exactly once.
// The server is the scenario's own (scripts/services.sh on other ports), not the shared one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FaultPipeline } from "./support/fault-pipeline";
import { sleep } from "./support/fault-environment";
import { PrivateService } from "./support/private-services";
import { waitForNotReadyReason, waitUntilReady } from "./support/service-health";
import { assertAnsweredExactlyWithoutRestart, describeReasons } from "./support/start-up-check";

const CLICKHOUSE_LATE_MS = 30_000;
const TASKS = 60;

test("12. sink started 30 s before ClickHouse: waits, then ready without a restart; all answered, usage exact", { timeout: 600_000 }, async () => {
  const clickhouse = await PrivateService.clickhouse("s12");
  let pipeline: FaultPipeline | null = null;
  let passed = false;
  try {
    pipeline = await FaultPipeline.start({
      scenario: "s12-clickhouse-late",
      clickhouseUrl: clickhouse.address,
      simulator: { fixedLatencyMs: 50, latencyJitter: 0 },
    });
    const started = Date.now();
    const router = pipeline.startRouter();
    const sink = pipeline.sink;
    assert.ok(sink && pipeline.shadow);
    await waitForNotReadyReason(sink, /waiting for clickhouse/, CLICKHOUSE_LATE_MS);
    await waitUntilReady([router, pipeline.shadow], 120_000);
    await sleep(Math.max(0, started + CLICKHOUSE_LATE_MS - Date.now()));
    const upStarted = Date.now();
    await clickhouse.up();
    const clickhouseUpMs = Date.now() - upStarted;
    const reasons = await waitUntilReady([sink], 120_000);
    await assertAnsweredExactlyWithoutRestart(
      pipeline,
      "12 ClickHouse 30 s late",
      TASKS,
      `clickhouse-start-ms=${clickhouseUpMs} sink-ready-after-ms=${Date.now() - upStarted - clickhouseUpMs} ${describeReasons(reasons)}`,
    );
    passed = true;
  } finally {
    await pipeline?.stop(passed);
    await clickhouse.destroy();
  }
});
