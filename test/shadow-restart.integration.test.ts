import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import type { TaskEventInput, TopicNames } from "@switchyard/contracts";
import type { ModelSimulator } from "@switchyard/model-simulator";
import { resolveRoutingConfig, type RoutingConfigInput } from "@switchyard/routing";
import { collectKeys, parseCandidates, parseShadow, parseUsage, startTestService, uniqueName, waitUntil, type ServiceProcess } from "@switchyard/test-support";
import { countRows, PipelineTestBed, publishInSlices, runWindowReport, startPipeline } from "./pipeline-support";

// The shadow consumer as its own process (services/shadow/dist/src/main.js), killed with SIGKILL mid-run.
const TASKS = 300;
const TYPE = "invoice_fields";

const bed = new PipelineTestBed();
const processes: ServiceProcess[] = [];
const configDirectory = mkdtempSync(join(tmpdir(), "switchyard-shadow-restart-"));
before(() => bed.connect());
after(async () => {
  for (const child of processes) child.kill("SIGKILL");
  await bed.clean();
  rmSync(configDirectory, { recursive: true, force: true });
});

function spawnShadow(topics: TopicNames, groupId: string, simulator: ModelSimulator, configPath: string): ServiceProcess {
  const shadow = startTestService("shadow", topics, {
    SHADOW_GROUP_ID: groupId,
    SHADOW_MAX_IN_FLIGHT: "8",
    SHADOW_SESSION_TIMEOUT_MS: "6000",
    SWITCHYARD_CONFIG: configPath,
    ANTHROPIC_BASE_URL: simulator.url,
  });
  processes.push(shadow);
  return shadow;
}

it("a shadow consumer killed with SIGKILL and restarted loses no sampled pair; a pair evaluated twice counts once", { timeout: 90_000 }, async () => {
  const routingInput: RoutingConfigInput = {
    shadow: { defaultRate: 0 },
    taskTypes: {
      [TYPE]: { dimensions: { inputTokenEstimate: 4_000, requiresReasoning: false, outputType: "structured", accuracy: "standard" }, shadowRate: 1 },
    },
  };
  const configPath = join(configDirectory, "routing.json");
  writeFileSync(configPath, JSON.stringify(routingInput));
  const routing = resolveRoutingConfig(routingInput);
  // 100 ms a call and 8 calls at once: the shadow consumer needs seconds for the 300 pairs.
  const simulator = await bed.startSimulator({ fixedLatencyMs: 100, quality: { agreement: { [TYPE]: { "claude-haiku-5-5": 0.9 } } } });
  const store = bed.newStore();
  const topics = await bed.createTopicNames(3);
  const pipeline = await startPipeline({ bed, topics, routing, simulator, store, withShadow: false });
  const transport = pipeline.transport;

  const run = uniqueName("restart");
  const tasks: TaskEventInput[] = Array.from({ length: TASKS }, (_unused, index) => ({
    id: `${run}-${index}`,
    type: TYPE,
    messages: [{ role: "user", content: `Invoice ${index}: Vendor ${index}, ${index * 23} USD.` }],
    maxTokens: 200,
  }));
  const startedAt = Date.now();
  await publishInSlices(
    transport,
    tasks.map((task) => ({ topic: topics.tasks, key: task.id, value: JSON.stringify(task) })),
  );

  const comparisons = await collectKeys(transport, topics.shadow);
  const compared = comparisons.keys;
  try {
    const first = spawnShadow(topics, pipeline.shadowGroupId, simulator, configPath);
    // Mid-stream by the simulator's own count, not by shadow events seen: on a busy machine those reach
    // this reader seconds after the calls ended, by when every call may be done. The kill follows in the
    // same turn of the event loop, so the calls in flight (served by this process) still are.
    const shadowCalls = () => simulator.stats().byModel[routing.models.fast]?.calls ?? 0;
    await waitUntil(
      () => shadowCalls() >= 80 && simulator.stats().inFlight > 0,
      () => `the first shadow process made 80 calls and has more in flight (${shadowCalls()} calls, ${simulator.stats().inFlight} in flight)\n${first.log()}`,
      60_000,
    );
    const inFlightAtKill = simulator.stats().inFlight;
    first.kill("SIGKILL");
    assert.equal(await first.exited, null, "killed, not exited");
    const comparedBeforeKill = compared.size;
    const killedAt = Date.now();

    const second = spawnShadow(topics, pipeline.shadowGroupId, simulator, configPath);
    await waitUntil(
      () => compared.size === TASKS,
      () => `every sampled pair was compared (${compared.size} of ${TASKS})\n${second.log()}`,
      60_000,
    );
    const recoveredMs = Date.now() - killedAt;

    // Ten candidates delivered again (as after a router crash): evaluated twice, counted once.
    const candidateMessages = await transport.readTopic(topics.shadowCandidates);
    assert.equal(candidateMessages.length, TASKS, "the router sampled every task (rate 1)");
    await transport.publish(
      candidateMessages.slice(0, 10).map((message) => ({ topic: topics.shadowCandidates, key: message.key, value: message.value ?? "" })),
    );
    await waitUntil(
      async () => {
        const committed = await bed.committedOffsets(pipeline.shadowGroupId, topics.shadowCandidates);
        const total = [...committed.values()].reduce((sum, offset) => sum + Math.max(0, offset), 0);
        return total === TASKS + 10;
      },
      "the second shadow process committed every candidate, the replayed ones included",
      30_000,
    );
    second.kill("SIGTERM");
    assert.equal(await second.exited, 0, `graceful stop on SIGTERM\n${second.log()}`);

    const candidates = parseCandidates(candidateMessages);
    const events = parseShadow(await transport.readTopic(topics.shadow));
    const usage = parseUsage(await transport.readTopic(topics.usage)).filter((event) => event.role === "shadow");
    const duplicates = events.length - new Set(events.map((event) => event.eventId)).size;
    process.stdout.write(
      `# SIGKILL with ${inFlightAtKill} calls in flight after ${comparedBeforeKill} of ${TASKS} comparisons; the restart finished in ${recoveredMs} ms; ` +
        `${events.length} shadow events (${duplicates} evaluated twice), ${usage.length} shadow calls\n`,
    );
    assert.ok(inFlightAtKill > 0, "killed with calls in flight");
    assert.ok(comparedBeforeKill < TASKS, "killed before it finished");
    assert.ok(duplicates >= 10, "pairs were evaluated twice");
    assert.deepEqual(
      [...new Set(events.map((event) => event.taskId))].sort(),
      candidates.map((candidate) => candidate.task.id).sort(),
      "no sampled pair is lost",
    );

    await waitUntil(async () => (await countRows(store, "SELECT count() AS n FROM llm_shadow FINAL")) >= TASKS, "every comparison is stored");
    await waitUntil(
      async () => (await countRows(store, "SELECT count() AS n FROM llm_usage FINAL WHERE role = 'shadow'")) >= usage.length,
      "every shadow call is stored",
    );
    const [row] = await store.query<{ rows: number; ids: number }>("SELECT count() AS rows, uniqExact(event_id) AS ids FROM llm_shadow FINAL");
    assert.deepEqual([Number(row?.rows), Number(row?.ids)], [TASKS, TASKS], "llm_shadow holds each comparison once");
    assert.equal(
      await countRows(store, "SELECT count() AS n FROM llm_usage FINAL WHERE role = 'shadow'"),
      usage.length,
      "every real shadow call is a usage row",
    );
    const report = await runWindowReport(store, "shadow", startedAt);
    assert.equal(report.length, 1);
    assert.equal(Number(report[0]?.samples), TASKS, "the report counts each pair once");
  } finally {
    await comparisons.stop();
  }
});
