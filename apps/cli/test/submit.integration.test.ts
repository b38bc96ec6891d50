import { createTopicsReliably } from "@switchyard/kafka";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { DEFAULT_MAX_TASK_BYTES, DEFAULT_TOPICS, ResultEventSchema, type TopicNames } from "@switchyard/contracts";
import { createKafkaTransport, type ConsumerLoop, type Transport } from "@switchyard/kafka";
import { createAnthropicProvider, DEFAULT_RETRY_POLICY } from "@switchyard/llm";
import { startModelSimulator, type ModelSimulator } from "@switchyard/model-simulator";
import { createLogger } from "@switchyard/platform";
import { startRouter } from "@switchyard/router";
import { resolveRoutingConfig } from "@switchyard/routing";
import { runCommandLine } from "./run-command-line";

// The real broker; unreachable means these tests fail (never skip).
const BROKERS = process.env.KAFKA_BROKERS ?? "127.0.0.1:9092";
const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const topics: TopicNames = Object.fromEntries(Object.entries(DEFAULT_TOPICS).map(([key, name]) => [key, `switchyard-test-cli-${suffix}-${name}`])) as TopicNames;
const groupId = `switchyard-test-cli-router-${suffix}`;
const logger = createLogger({ name: "cli-submit-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });

let admin: Admin;
let transport: Transport;
let simulator: ModelSimulator;
let router: ConsumerLoop;

/** The command line's environment: the test's broker and topics. */
const environment = {
  KAFKA_BROKERS: BROKERS,
  TOPIC_TASKS: topics.tasks,
  TOPIC_RESULTS: topics.results,
  TOPIC_USAGE: topics.usage,
  TOPIC_SHADOW: topics.shadow,
  TOPIC_SHADOW_CANDIDATES: topics.shadowCandidates,
  TOPIC_DLQ: topics.deadLetters,
  TOPIC_ALERTS: topics.alerts,
};

before(async () => {
  admin = new Kafka({ brokers: BROKERS.split(","), clientId: "cli-submit-test", logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await createTopicsReliably(admin, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
  transport = createKafkaTransport({ brokers: BROKERS.split(","), clientId: `cli-submit-test-${suffix}`, logger });
  simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0.1 }, logger });
  router = await startRouter({
    transport,
    provider: createAnthropicProvider({ apiKey: "test", baseUrl: simulator.url, logger }),
    routing: resolveRoutingConfig({}),
    topics,
    groupId,
    maxInFlight: 8,
    maxTaskBytes: DEFAULT_MAX_TASK_BYTES,
    retryPolicy: DEFAULT_RETRY_POLICY,
    logger,
  });
});

after(async () => {
  await router?.stop({ drainTimeoutMs: 5_000 });
  await transport?.close();
  await simulator?.close();
  await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin?.deleteGroups([groupId]).catch(() => undefined);
  await admin?.disconnect();
});

test("submit --wait --json: a task on stdin comes back as its result", { timeout: 120_000 }, async () => {
  const id = `cli-test-${suffix}-1`;
  const task = { id, type: "keyword_relevance", messages: [{ role: "user", content: "Is 'trail shoes' relevant to Acme trail running shoes?" }], maxTokens: 100, metadata: { tenant: "acme" } };
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
    ["submit", "--type", "campaign_summary", "--prompt", "Clicks rose 12% week over week; cost rose 3%.", "--max-tokens", "300", "--id", `cli-test-${suffix}-2`, "--wait"],
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
