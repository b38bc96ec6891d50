import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_MAX_TASK_BYTES, ResultEventSchema, type TopicNames } from "@switchyard/contracts";
import type { ConsumerLoop, Transport } from "@switchyard/kafka";
import { createAnthropicProvider, DEFAULT_RETRY_POLICY } from "@switchyard/llm";
import { startModelSimulator, type ModelSimulator } from "@switchyard/model-simulator";
import { startRouter } from "@switchyard/router";
import { resolveRoutingConfig } from "@switchyard/routing";
import { KafkaTestBed, topicEnvironment, uniqueSuffix } from "@switchyard/test-support";
import { runCommandLine } from "./run-command-line";

const bed = new KafkaTestBed("switchyard-test-cli");
const logger = bed.logger;
const suffix = uniqueSuffix();

let topics: TopicNames;
let environment: Record<string, string>;
let transport: Transport;
let simulator: ModelSimulator;
let router: ConsumerLoop;

before(async () => {
  await bed.connect();
  topics = await bed.createTopicNames(3);
  /** The command line's environment: the test's broker and topics. */
  environment = { KAFKA_BROKERS: bed.brokers.join(","), ...topicEnvironment(topics) };
  transport = bed.newTransport();
  simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0.1 }, logger });
  router = await startRouter({
    transport,
    provider: createAnthropicProvider({ apiKey: "test", baseUrl: simulator.url, logger }),
    routing: resolveRoutingConfig({}),
    topics,
    groupId: bed.newGroup("router"),
    maxInFlight: 8,
    maxTaskBytes: DEFAULT_MAX_TASK_BYTES,
    retryPolicy: DEFAULT_RETRY_POLICY,
    logger,
  });
});

after(async () => {
  await router?.stop({ drainTimeoutMs: 5_000 });
  await simulator?.close();
  await bed.clean();
});

test("submit --wait --json: a task on stdin comes back as its result", { timeout: 120_000 }, async () => {
  const id = `cli-test-${suffix}-1`;
  const task = {
    id,
    type: "keyword_relevance",
    messages: [{ role: "user", content: "Is 'trail shoes' relevant to Acme trail running shoes?" }],
    maxTokens: 100,
    metadata: { tenant: "acme" },
  };
  const outcome = await runCommandLine(["submit", "--wait", "--json"], { input: JSON.stringify(task), environment });
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  const result = ResultEventSchema.parse(JSON.parse(outcome.stdout));
  assert.equal(result.taskId, id);
  assert.equal(result.status, "ok");
  assert.equal(result.tier, "fast");
  assert.equal(result.model, "claude-haiku-5-5");
  assert.deepEqual(result.metadata, { tenant: "acme" });
  assert.ok(result.json !== undefined, "a structured task's result carries the parsed JSON");
  assert.match(outcome.stderr, new RegExp(`submitted ${id} \\(keyword_relevance\\) to ${topics.tasks}`));
});

test("submit --type --prompt --wait: a task from flags, printed for a person", { timeout: 120_000 }, async () => {
  const outcome = await runCommandLine(
    [
      "submit",
      "--type",
      "campaign_summary",
      "--prompt",
      "Clicks rose 12% week over week; cost rose 3%.",
      "--max-tokens",
      "300",
      "--id",
      `cli-test-${suffix}-2`,
      "--wait",
    ],
    { environment },
  );
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  assert.match(outcome.stdout, new RegExp(`^task      cli-test-${suffix}-2 \\(campaign_summary\\)`));
  assert.match(outcome.stdout, /^status {4}ok$/m);
  assert.match(outcome.stdout, /^model {5}standard \/ claude-sonnet-5-5$/m);
});

test("results: lists what the router published, and filters by task", { timeout: 120_000 }, async () => {
  const outcome = await runCommandLine(["results", "--task-id", `cli-test-${suffix}-1`, "--json"], { environment });
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  const lines = outcome.stdout.split("\n").filter((line) => line.length > 0);
  assert.equal(lines.length, 1);
  assert.equal(ResultEventSchema.parse(JSON.parse(lines[0] ?? "")).taskId, `cli-test-${suffix}-1`);
});
