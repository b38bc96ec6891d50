import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { TopicNames } from "@switchyard/contracts";
import type { Transport } from "@switchyard/kafka";
import { startModelSimulator, type ModelSimulator } from "@switchyard/model-simulator";
import { collectKeys, KafkaTestBed, parseResults, startTestService, uniqueName, waitUntil, type ServiceProcess } from "@switchyard/test-support";
import { byTaskId, taskMessage } from "./integration-support";

// The router as its own process (dist/src/main.js), killed with SIGKILL mid-stream.
const bed = new KafkaTestBed("router-crash-it");
const processes: ServiceProcess[] = [];
before(() => bed.connect());
after(async () => {
  for (const child of processes) child.kill("SIGKILL");
  await bed.clean();
});

function spawnRouter(topics: TopicNames, groupId: string, simulator: ModelSimulator): ServiceProcess {
  const router = startTestService("router", topics, {
    ROUTER_GROUP_ID: groupId,
    ROUTER_MAX_IN_FLIGHT: "50",
    // The broker's minimum: the restarted instance gets the partitions 6 s after the crash, not 30.
    ROUTER_SESSION_TIMEOUT_MS: "6000",
    ANTHROPIC_BASE_URL: simulator.url,
  });
  processes.push(router);
  return router;
}

interface StreamRun {
  topics: TopicNames;
  groupId: string;
  ids: string[];
  simulator: ModelSimulator;
  /** Task ids with at least one result so far. */
  seen: Set<string>;
  transport: Transport;
}

/** 600 tasks on 3 partitions, a simulator at 200 ms a call, and a reader of the results topic. */
async function withStream(body: (run: StreamRun) => Promise<void>): Promise<void> {
  const simulator = await startModelSimulator({ port: 0, config: { fixedLatencyMs: 200 } });
  try {
    const topics = await bed.createTopicNames(3);
    const groupId = bed.newGroup();
    const transport = bed.newTransport();
    const run = uniqueName("stream");
    const ids = Array.from({ length: 600 }, (_unused, index) => `${run}-${index}`);
    await transport.publish(
      ids.map((id) => taskMessage(topics, { id, type: "keyword_relevance", messages: [{ role: "user", content: `Keyword ${id}.` }], maxTokens: 64 })),
    );
    const results = await collectKeys(transport, topics.results);
    try {
      await body({ topics, groupId, ids, simulator, seen: results.keys, transport });
    } finally {
      await results.stop();
    }
  } finally {
    await simulator.close();
  }
}

// Enough calls out that some are cut off mid-way rather than all about to finish.
const MIN_IN_FLIGHT = 5;

async function waitForAnswers(
  router: ServiceProcess,
  seen: Set<string>,
  count: number,
  what: string,
  timeoutMs: number,
  alsoUntil: () => boolean = () => true,
): Promise<void> {
  await waitUntil(() => seen.size >= count && alsoUntil(), what, timeoutMs).catch((error: unknown) => {
    throw new Error(`${String(error)} (${seen.size} of ${count})\nrouter log:\n${router.log()}`);
  });
}

/**
 * Waits until the router is mid-stream by the simulator's own count: `calls`
 * calls answered and some still in flight. Results are not the measure: on a
 * busy machine they reach the reader seconds after the calls ended, by when
 * every call may be done. The caller stops the router right after this
 * resolves, in the same turn of the event loop, so the in-flight calls (served
 * by this process) are still in flight then.
 */
async function waitForCallsInFlight(router: ServiceProcess, simulator: ModelSimulator, calls: number): Promise<void> {
  await waitUntil(
    () => {
      const stats = simulator.stats();
      return stats.totalCalls - stats.inFlight >= calls && stats.inFlight >= MIN_IN_FLIGHT;
    },
    `the router has answered ${calls} calls and has at least ${MIN_IN_FLIGHT} more in flight`,
    30_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)} (simulator: ${JSON.stringify(simulator.stats())})\nrouter log:\n${router.log()}`);
  });
}

async function waitForCommitsToTheEnd(groupId: string, topic: string): Promise<void> {
  const ends = await bed.endOffsets(topic);
  await waitUntil(
    async () => {
      const committed = await bed.committedOffsets(groupId, topic);
      return [...ends].every(([partition, end]) => committed.get(partition) === end);
    },
    "the router committed every partition to its end",
    15_000,
  );
}

it("a router killed with SIGKILL mid-stream and started again: every task gets a result", { timeout: 90_000 }, async () => {
  await withStream(async ({ topics, groupId, ids, simulator, seen, transport }) => {
    const first = spawnRouter(topics, groupId, simulator);
    await waitForCallsInFlight(first, simulator, 150);
    const inFlightAtKill = simulator.stats().inFlight;
    first.kill("SIGKILL");
    assert.equal(await first.exited, null, "killed, not exited");
    const answeredBeforeKill = seen.size;
    const killedAt = Date.now();

    const second = spawnRouter(topics, groupId, simulator);
    await waitForAnswers(second, seen, ids.length, "every task has a result", 60_000);
    const recoveredMs = Date.now() - killedAt;
    await waitForCommitsToTheEnd(groupId, topics.tasks);
    second.kill("SIGTERM");
    assert.equal(await second.exited, 0, `graceful stop on SIGTERM\n${second.log()}`);

    const results = parseResults(await transport.readTopic(topics.results));
    const perTask = byTaskId(results, (result) => result.taskId);
    const duplicates = results.length - perTask.size;
    process.stdout.write(
      `# SIGKILL with ${inFlightAtKill} calls in flight after ${answeredBeforeKill} results; restart answered the rest in ${recoveredMs} ms; ` +
        `${results.length} results for ${ids.length} tasks (${duplicates} duplicates)\n`,
    );
    assert.ok(inFlightAtKill > 0, "the router was killed with calls in flight");
    assert.ok(answeredBeforeKill < ids.length, "the router was killed before it finished");
    assert.deepEqual([...perTask.keys()].sort(), [...ids].sort(), "every task has a result");
    for (const [id, list] of perTask)
      assert.ok(
        list.every((result) => result.status === "ok"),
        `${id}: ok`,
      );
    // The calls in flight at the kill had no result, so the second router made them again. (Not the simulator's
    // client_closed count: on a busy machine its 200 ms timers can fire before it reads the closed sockets.)
    const calls = simulator.stats().totalCalls;
    assert.ok(calls > ids.length, `the calls cut off by the kill were made again: ${calls} calls for ${ids.length} tasks`);
  });
});

it("a router stopped with SIGTERM mid-stream finishes its calls and commits them: the next one repeats nothing", { timeout: 90_000 }, async () => {
  await withStream(async ({ topics, groupId, ids, simulator, seen, transport }) => {
    const first = spawnRouter(topics, groupId, simulator);
    await waitForCallsInFlight(first, simulator, 150);
    const inFlightAtStop = simulator.stats().inFlight;
    first.kill("SIGTERM");
    assert.equal(await first.exited, 0, `graceful stop on SIGTERM\n${first.log()}`);
    const answeredBeforeRestart = seen.size;

    const second = spawnRouter(topics, groupId, simulator);
    await waitForAnswers(second, seen, ids.length, "every task has a result", 60_000);
    await waitForCommitsToTheEnd(groupId, topics.tasks);
    second.kill("SIGTERM");
    assert.equal(await second.exited, 0, `graceful stop on SIGTERM\n${second.log()}`);

    const results = parseResults(await transport.readTopic(topics.results));
    process.stdout.write(
      `# SIGTERM with ${inFlightAtStop} calls in flight after ${answeredBeforeRestart} results; ${results.length} results for ${ids.length} tasks\n`,
    );
    assert.ok(inFlightAtStop > 0, "stopped with calls in flight");
    assert.ok(answeredBeforeRestart < ids.length, "stopped before it finished");
    assert.equal(simulator.stats().byOutcome.client_closed ?? 0, 0, "no call was cut off: the stop waited for them");
    assert.equal(results.length, ids.length, "exactly one result per task: nothing answered was consumed again");
    assert.deepEqual([...new Set(results.map((result) => result.taskId))].sort(), [...ids].sort());
  });
});
