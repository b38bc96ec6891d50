// Scenario 4: ClickHouse is stopped for 30 s, twice, while usage events stream in. The sink must
// hold back its commits, retry, and catch up: 0 usage rows lost and the exact cost sum. The server
// is the scenario's own (scripts/services.sh on other ports), not the shared one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import { sleep } from "./support/fault-environment";
import { PrivateService } from "./support/private-services";

const TASKS = 2400;
const SEND_OVER_MS = 90_000;
const OUTAGE_MS = 30_000;

test("4. ClickHouse stopped for 30 s twice: 0 usage rows lost, exact cost sum", { timeout: 600_000 }, async () => {
  const clickhouse = await PrivateService.clickhouse("s4");
  await clickhouse.up();
  let pipeline: FaultPipeline | null = null;
  let passed = false;
  try {
    pipeline = await FaultPipeline.start({
      scenario: "s4-clickhouse",
      clickhouseUrl: clickhouse.address,
      simulator: { fixedLatencyMs: 300, latencyJitter: 0 },
    });
    const running = pipeline;
    const tasks = buildTasks("s4", TASKS, running.secrets.canary);
    const ids = tasks.map((task) => task.key);
    running.startRouter();
    const sending = running.sendTasksPaced(tasks, SEND_OVER_MS);
    const outages: number[] = [];
    for (const startAfterMs of [10_000, 15_000]) {
      await sleep(startAfterMs);
      const stopped = Date.now();
      await clickhouse.down();
      await sleep(OUTAGE_MS);
      await clickhouse.up();
      outages.push(Date.now() - stopped);
    }
    await sending;
    await running.waitForResults(ids, 300_000);
    const outcome = await collectOutcome(running, "4 ClickHouse stopped 30 s x2", ids, 180_000);
    reportCounts(outcome.counts, `outages-ms=${outages.join("/")}`);
    assert.ok(running.sink?.running, `the sink is still the same process (${running.sink?.describeExit() ?? "absent"})`);
    assertNothingLost(outcome);
    passed = true;
  } finally {
    await pipeline?.stop(passed);
    await clickhouse.destroy();
  }
});
