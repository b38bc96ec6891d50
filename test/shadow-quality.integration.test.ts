import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { TaskEventInput } from "@switchyard/contracts";
import { waitForMessages } from "@switchyard/kafka";
import { resolveRoutingConfig } from "@switchyard/routing";
import { parseShadow, uniqueName, waitUntil } from "@switchyard/test-support";
import { countRows, PipelineTestBed, publishInSlices, runWindowReport, startPipeline, untilDistinctKeys } from "./pipeline-support";

// The simulator's quality model makes the fast tier agree with the standard tier's
// answer on 99% of one task type and 60% of another; the shadow report must tell them apart.
// (At 98%, 300 samples put the 95% lower bound right at the 95% target: a coin toss, not a test.)
const bed = new PipelineTestBed();
before(() => bed.connect());
after(() => bed.clean());

const GOOD = "invoice_fields";
const POOR = "contract_terms";
const SAMPLES = { [GOOD]: 300, [POOR]: 150 };

// Structured output and 4,000 input tokens: rule 4 sends both types to standard, and their
// field-by-field comparison with the fast tier's answer is exact (no judge in between).
const dimensions = { inputTokenEstimate: 4_000, requiresReasoning: false, outputType: "structured" as const, accuracy: "standard" as const };
const outputSchema = {
  type: "object",
  required: ["party", "amountUsd", "dueInDays", "category", "approved"],
  properties: {
    party: { type: "string", maxLength: 30 },
    amountUsd: { type: "number", minimum: 0, maximum: 100_000 },
    dueInDays: { type: "integer", minimum: 0, maximum: 120 },
    category: { enum: ["software", "services", "hardware", "media"] },
    approved: { type: "boolean" },
  },
  additionalProperties: false,
};

it("the shadow report recommends moving the 99% type down a tier and keeping the 60% type", { timeout: 180_000 }, async () => {
  const routing = resolveRoutingConfig({
    shadow: { defaultRate: 0 },
    taskTypes: {
      [GOOD]: { dimensions, shadowRate: 1 },
      [POOR]: { dimensions, shadowRate: 1 },
    },
  });
  const simulator = await bed.startSimulator({
    latencyScale: 0,
    quality: { agreement: { [GOOD]: { "claude-haiku-5-5": 0.99 }, [POOR]: { "claude-haiku-5-5": 0.6 } } },
  });
  const store = bed.newStore();
  const topics = await bed.createTopicNames(3);
  const pipeline = await startPipeline({ bed, topics, routing, simulator, store });
  const run = uniqueName("quality");
  const tasks: TaskEventInput[] = Object.entries(SAMPLES).flatMap(([type, count]) =>
    Array.from({ length: count }, (_unused, index) => ({
      id: `${run}-${type}-${index}`,
      type,
      system: "Extract the fields of the document.",
      messages: [{ role: "user" as const, content: `${type} document ${index}: party Vendor ${index}, ${index * 17} USD, due in ${index % 90} days.` }],
      maxTokens: 200,
      outputSchema,
    })),
  );
  const startedAt = Date.now();
  await publishInSlices(
    pipeline.transport,
    tasks.map((task) => ({ topic: topics.tasks, key: task.id, value: JSON.stringify(task) })),
  );
  const shadowMessages = await waitForMessages(pipeline.transport, {
    topic: topics.shadow,
    timeoutMs: 150_000,
    until: untilDistinctKeys(tasks.length),
  });
  await waitUntil(async () => (await countRows(store, "SELECT count() AS n FROM llm_shadow FINAL")) === tasks.length, "every comparison is stored");
  // The report's volume comes from llm_usage: wait for every routed call too.
  await waitUntil(
    async () => (await countRows(store, "SELECT count() AS n FROM llm_usage FINAL WHERE role = 'primary'")) === tasks.length,
    "every routed call is stored",
  );

  const events = parseShadow(shadowMessages);
  for (const event of events) {
    assert.deepEqual([event.originalTier, event.shadowTier, event.evaluator], ["standard", "fast", "structured"], event.taskId);
  }
  const rows = await runWindowReport(store, "shadow", startedAt);
  process.stdout.write(
    `# shadow report (${Date.now() - startedAt} ms):\n${rows
      .map(
        (row) =>
          `#   ${row.task_type} ${row.original_tier}→${row.shadow_tier}: ${row.agreements}/${row.samples} agree, 95% [${row.agreement_lower_95}, ${row.agreement_upper_95}], saves ${row.saving_per_1000_tasks_usd} USD per 1,000: ${row.recommendation}`,
      )
      .join("\n")}\n`,
  );
  assert.equal(rows.length, 2);
  const good = rows.find((row) => row.task_type === GOOD);
  const poor = rows.find((row) => row.task_type === POOR);
  assert.ok(good && poor);
  assert.deepEqual([good.original_tier, good.shadow_tier, good.samples], ["standard", "fast", SAMPLES[GOOD]]);
  assert.deepEqual([poor.original_tier, poor.shadow_tier, poor.samples], ["standard", "fast", SAMPLES[POOR]]);
  assert.ok(Math.abs(Number(good.agreement_rate) - 0.99) < 0.02, `${GOOD} agreement ${good.agreement_rate}`);
  assert.ok(Math.abs(Number(poor.agreement_rate) - 0.6) < 0.1, `${POOR} agreement ${poor.agreement_rate}`);
  assert.ok(Number(good.agreement_lower_95) >= 0.95);
  assert.equal(good.recommendation, "move down to fast");
  assert.match(String(poor.recommendation), /^keep: agreement lower bound .* is below the 95\.0% target$/);
  assert.ok(Number(good.saving_per_1000_tasks_usd) > 0, "moving down saves money");
  assert.equal(Number(good.window_tasks), SAMPLES[GOOD]);
});
