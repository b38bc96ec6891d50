// Scenario 6: 1% poison messages mixed into the tasks (not JSON, truncated, wrong schema, unknown
// version, over the size limit, an outputSchema that is no schema, empty), plus malformed usage
// events for the sink. Each lands in the DLQ exactly once with headers that say why and where from;
// a poison task whose id is readable also gets one invalid_task result; everything else is processed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEAD_LETTER_HEADERS } from "@switchyard/contracts";
import { buildPoisonMessages, buildTasks, type PoisonMessage } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import type { OutgoingProbeMessage } from "./support/kafka-probe";

const TASKS = 2000;
const POISON = 20;
const MAX_TASK_BYTES = 64 * 1024;

test("6. 1% poison messages: each in the DLQ once with its reason, everything else processed", { timeout: 600_000 }, async () => {
  const pipeline = await FaultPipeline.start({
    scenario: "s6-poison",
    simulator: { fixedLatencyMs: 100, latencyJitter: 0 },
    routerEnvironment: { ROUTER_MAX_TASK_BYTES: String(MAX_TASK_BYTES) },
  });
  let passed = false;
  try {
    const tasks = buildTasks("s6", TASKS, pipeline.secrets.canary);
    const poison = buildPoisonMessages("s6", POISON, pipeline.secrets.canary, MAX_TASK_BYTES);
    const mixed: OutgoingProbeMessage[] = [...tasks];
    poison.forEach((message, index) => mixed.splice(Math.floor(((index + 0.5) * mixed.length) / POISON), 0, message));
    const usagePoison: PoisonMessage[] = [
      { kind: "not_json_prompt", key: "s6-usage-poison-1", value: "not a usage event", expectedCode: "event_not_json", readableId: false },
      {
        kind: "schema_invalid",
        key: "s6-usage-poison-2",
        value: JSON.stringify({ version: 1, eventId: "e-1", taskId: "s6-x" }),
        expectedCode: "event_invalid",
        readableId: false,
      },
    ];
    pipeline.startRouter();
    await pipeline.sendTasks(mixed);
    await pipeline.probe.send(pipeline.names.topics.usage, usagePoison);
    const ids = tasks.map((task) => task.key);
    const readable = poison.filter((message) => message.readableId).map((message) => message.key);
    await pipeline.waitForResults([...ids, ...readable], 300_000);
    const outcome = await collectOutcome(pipeline, "6 poison messages 1%", [...ids, ...readable]);
    const deadLettersByKey = new Map<string, typeof outcome.deadLetters>();
    for (const letter of outcome.deadLetters) deadLettersByKey.set(letter.key ?? "", [...(deadLettersByKey.get(letter.key ?? "") ?? []), letter]);
    const notOk = ids.filter((id) => outcome.resultsByTask.get(id)?.some((result) => result.status !== "ok"));
    reportCounts(outcome.counts, `poison-tasks=${poison.length} poison-usage=${usagePoison.length} valid-not-ok=${notOk.length}`);

    assertNothingLost(outcome);
    assert.equal(outcome.deadLetters.length, poison.length + usagePoison.length, "one dead letter per poison message, nothing else");
    assert.deepEqual(notOk, [], "every valid task was processed");
    for (const [message, sourceTopic] of [
      ...poison.map((message) => [message, pipeline.names.topics.tasks] as const),
      ...usagePoison.map((message) => [message, pipeline.names.topics.usage] as const),
    ]) {
      const letters = deadLettersByKey.get(message.key) ?? [];
      assert.equal(letters.length, 1, `${message.kind} ${message.key}: ${letters.length} dead letters`);
      const headers = letters[0]?.headers ?? {};
      assert.equal(headers[DEAD_LETTER_HEADERS.errorCode], message.expectedCode, `${message.kind}: error code`);
      assert.ok((headers[DEAD_LETTER_HEADERS.reason] ?? "").length > 0, `${message.kind}: a reason`);
      assert.ok((headers[DEAD_LETTER_HEADERS.errorClass] ?? "").length > 0, `${message.kind}: an error class`);
      assert.equal(headers[DEAD_LETTER_HEADERS.sourceTopic], sourceTopic, `${message.kind}: source topic`);
      assert.match(headers[DEAD_LETTER_HEADERS.sourcePartition] ?? "", /^\d+$/);
      assert.match(headers[DEAD_LETTER_HEADERS.sourceOffset] ?? "", /^\d+$/);
      assert.ok((headers[DEAD_LETTER_HEADERS.consumerGroup] ?? "").length > 0, `${message.kind}: consumer group`);
      assert.ok(!Number.isNaN(Date.parse(headers[DEAD_LETTER_HEADERS.failedAt] ?? "")), `${message.kind}: failed-at time`);
      assert.equal(Buffer.compare(letters[0]?.value ?? Buffer.alloc(0), Buffer.from(message.value)), 0, `${message.kind}: the original bytes`);
      if (!message.readableId) continue;
      const results = outcome.resultsByTask.get(message.key) ?? [];
      assert.equal(results.length, 1, `${message.kind}: one result`);
      assert.equal(results[0]?.status, "error");
      assert.equal(results[0]?.error?.type, "invalid_task");
    }
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});
