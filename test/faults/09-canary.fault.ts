// Scenario 9, after all the others: a canary planted in every prompt of the run and a fake API key
// given to every router and shadow (the simulator accepts only that key) must appear in no log line
// of any process, no dead-letter header and no ClickHouse row (shadow output storage is off). This
// scenario adds its own traffic: poison messages that carry the canary, and a spell of refused keys.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sweepLogs, type CanaryFinding } from "./support/canary-sweep";
import { LOG_DIRECTORY, MANIFEST_DIRECTORY, sleep } from "./support/fault-environment";
import { buildPoisonMessages, buildTasks } from "./support/fault-tasks";
import { collectOutcome, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";

const TASKS = 400;
const POISON = 14;
const MAX_TASK_BYTES = 64 * 1024;

test("9. canary and fake API key: in no log line, DLQ header or ClickHouse row", { timeout: 600_000 }, async () => {
  const pipeline = await FaultPipeline.start({
    scenario: "s9-canary",
    simulator: { fixedLatencyMs: 100, latencyJitter: 0 },
    routerEnvironment: { ROUTER_MAX_TASK_BYTES: String(MAX_TASK_BYTES) },
  });
  let passed = false;
  try {
    const { canary, apiKey } = pipeline.secrets;
    const tasks = buildTasks("s9", TASKS, canary);
    const poison = buildPoisonMessages("s9", POISON, canary, MAX_TASK_BYTES);
    pipeline.startRouter();
    await pipeline.sendTasks([...tasks.slice(0, TASKS / 2), ...poison]);
    await pipeline.waitForResults(
      tasks.slice(0, TASKS / 2).map((task) => task.key),
      180_000,
    );
    // A spell in which the API refuses the key: authentication errors are logged and answered.
    await pipeline.setSimulatorConfig({ apiKeys: ["sk-ant-some-other-key"] });
    await pipeline.sendTasks(tasks.slice(TASKS / 2, TASKS / 2 + 20));
    await pipeline.waitForResults(
      tasks.slice(TASKS / 2, TASKS / 2 + 20).map((task) => task.key),
      180_000,
    );
    await pipeline.setSimulatorConfig({ apiKeys: [apiKey] });
    await pipeline.sendTasks(tasks.slice(TASKS / 2 + 20));
    const readable = poison.filter((message) => message.readableId).map((message) => message.key);
    const ids = [...tasks.map((task) => task.key), ...readable];
    await pipeline.waitForResults(ids, 180_000);
    const outcome = await collectOutcome(pipeline, "9 canary and fake key", ids);
    // Let every process flush its last lines before reading the logs.
    await pipeline.stopProcesses();
    await sleep(500);

    const logs = sweepLogs(LOG_DIRECTORY, pipeline.secrets);
    const sweeps = readdirSync(MANIFEST_DIRECTORY)
      .filter((name) => name.endsWith(".sweep.json"))
      .map((name) => JSON.parse(readFileSync(join(MANIFEST_DIRECTORY, name), "utf8")) as { scenario: string; deadLetters: number; findings: CanaryFinding[] });
    const findings = [...logs.findings, ...sweeps.flatMap((sweep) => sweep.findings)];
    // Positive control: the canary really travelled (a dead letter keeps the original bytes).
    const planted = outcome.deadLetters.filter((letter) => letter.value?.toString("utf8").includes(canary)).length;
    const authenticationErrors = [...outcome.resultsByTask.values()].flat().filter((result) => result.error?.type === "authentication").length;
    reportCounts(
      outcome.counts,
      `logs-swept=${logs.files} files/${logs.bytes} bytes scenarios-swept=${sweeps.map((sweep) => sweep.scenario).join(",")} ` +
        `authentication-errors=${authenticationErrors} canary-in-dlq-values=${planted} findings=${findings.length}`,
    );
    for (const finding of findings.slice(0, 5))
      process.stdout.write(`  leak: ${finding.secret} in ${finding.where}: …${finding.excerpt.replaceAll(canary, "<CANARY>").replaceAll(apiKey, "<KEY>")}…\n`);
    assert.ok(planted > 0, "the canary was planted");
    assert.ok(authenticationErrors > 0, "the refused key produced authentication errors");
    assert.deepEqual(
      findings.map((finding) => `${finding.secret} in ${finding.where}`),
      [],
      "neither the canary nor the API key may appear in a log line, a dead-letter header or a ClickHouse row",
    );
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});
