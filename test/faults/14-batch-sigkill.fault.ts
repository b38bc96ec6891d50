// Scenario 14: the router is killed (SIGKILL) while it polls Message Batches in flight. The
// restarted router must resume the recorded batches: nothing lost, no result twice, no second
// batch created, and the cost in ClickHouse exactly what the results say (at the batch rate).
import assert from "node:assert/strict";
import { test } from "node:test";
import { BatchRecordSchema } from "@switchyard/contracts";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import { sleep, waitUntil } from "./support/fault-environment";

const TASKS = 400;
// The four built-in types route to three models: one batch each.
const MODELS = 3;

test("14. router SIGKILL while polling batches: 0 lost, 0 duplicate batches, exact cost in ClickHouse", { timeout: 600_000 }, async () => {
  const pipeline = await FaultPipeline.start({
    scenario: "s14-batch-sigkill",
    simulator: { latencyScale: 0, batches: { processingMs: 20_000 } },
    routing: { batch: { maxAgeMs: 2_000, pollIntervalMs: 250 } },
    routerEnvironment: { ROUTER_SESSION_TIMEOUT_MS: "6000" },
  });
  let passed = false;
  try {
    const tasks = buildTasks("s10", TASKS, pipeline.secrets.canary).map((message) => ({
      key: message.key,
      value: JSON.stringify({ ...JSON.parse(String(message.value)), deadline: "30h" }),
    }));
    const ids = tasks.map((task) => task.key);
    await pipeline.sendTasks(tasks);
    const router = pipeline.startRouter();
    let recorded = 0;
    await waitUntil(
      async () => {
        recorded = (await readRecords(pipeline)).filter((record) => record.state === "in_flight").length;
        return recorded >= MODELS;
      },
      `${MODELS} batches recorded`,
      120_000,
      () => `${recorded} recorded; ${pipeline.describeProcesses()}`,
    );
    // A few polls happen before the kill.
    await sleep(1_000);
    assert.equal(pipeline.liveResults.size, 0, "no batch has ended before the kill");
    router.kill("SIGKILL");
    await router.exited;
    pipeline.startRouter();
    await pipeline.waitForResults(ids, 300_000);
    const outcome = await collectOutcome(pipeline, "10 router SIGKILL while polling batches", ids);
    const created = await listBatches(pipeline);
    const records = await readRecords(pipeline);
    const batchResults = [...outcome.resultsByTask.values()].flat().filter((result) => result.mode === "batch").length;
    reportCounts(
      outcome.counts,
      `batches-created=${created} batch-records=${new Set(records.map((record) => record.batchId)).size} batch-mode-results=${batchResults}`,
    );
    assertNothingLost(outcome);
    assert.deepEqual(outcome.duplicatedIds.slice(0, 10), [], `${outcome.duplicatedIds.length} tasks answered twice`);
    assert.equal(created, MODELS, "the restarted router created no second batch");
    assert.equal(batchResults, TASKS, "every task was answered by its batch");
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});

async function readRecords(pipeline: FaultPipeline) {
  const messages = await pipeline.probe.readAll(pipeline.names.topics.batches).catch(() => []);
  return messages.flatMap((message) => {
    const parsed = BatchRecordSchema.safeParse(JSON.parse(message.value?.toString("utf8") ?? "null"));
    return parsed.success ? [parsed.data] : [];
  });
}

/** Batches the simulator holds, counted through its list endpoint as a client would. */
async function listBatches(pipeline: FaultPipeline): Promise<number> {
  const response = await fetch(`${pipeline.simulatorUrl}/v1/messages/batches?limit=1000`, {
    headers: { "x-api-key": pipeline.secrets.apiKey, "anthropic-version": "2023-06-01" },
  });
  if (!response.ok) throw new Error(`listing batches: HTTP ${response.status}`);
  return ((await response.json()) as { data: unknown[] }).data.length;
}
