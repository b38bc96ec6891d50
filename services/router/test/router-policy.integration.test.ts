import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEAD_LETTER_HEADERS, type ResultEvent, type TopicNames } from "@switchyard/contracts";
import type { ConsumerLoop, Subscription, Transport } from "@switchyard/kafka";
import { createAnthropicProvider, DEFAULT_RETRY_POLICY } from "@switchyard/llm";
import { startModelSimulator, type ModelSimulator } from "@switchyard/model-simulator";
import { createPolicyStore, publishPolicyChange, type PolicyStore } from "@switchyard/policy";
import { resolveRoutingConfig } from "@switchyard/routing";
import { collectResults, KafkaTestBed, uniqueName, waitUntil } from "@switchyard/test-support";
import { startRouter } from "../src/index";
import { taskMessage } from "./integration-support";

// Routers following the live policy topic on the real broker.
const bed = new KafkaTestBed("router-policy-it");
const testLogger = bed.logger;
const routing = resolveRoutingConfig({});
let policyTopic: string;
let simulator: ModelSimulator;
let topics: TopicNames;
let admin: Transport;
let adminStore: PolicyStore;
const results = new Map<string, ResultEvent>();
let resultReader: Subscription;

interface RunningRouter {
  store: PolicyStore;
  loop: ConsumerLoop;
  stop(): Promise<void>;
}

async function startPolicyRouter(groupId: string): Promise<RunningRouter> {
  const transport = bed.newTransport();
  const store = createPolicyStore({ transport, topic: policyTopic, routing, deadLetterTopic: topics.deadLetters, logger: testLogger, reader: "router" });
  await store.start();
  const loop = await startRouter({
    transport,
    provider: createAnthropicProvider({ apiKey: "test-key", baseUrl: simulator.url, logger: testLogger }),
    routing,
    topics,
    groupId,
    maxInFlight: 16,
    maxTaskBytes: 1024 * 1024,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, attemptTimeoutMs: 20_000 },
    logger: testLogger,
    policy: store.current,
  });
  return {
    store,
    loop,
    async stop() {
      await loop.stop();
      await store.stop();
    },
  };
}

function summary(id: string, tier?: "fast" | "standard" | "powerful") {
  return taskMessage(topics, {
    id,
    type: "campaign_summary",
    messages: [{ role: "user", content: `Summarise campaign ${id}.` }],
    maxTokens: 64,
    ...(tier ? { tier } : {}),
  });
}

async function resultOf(id: string): Promise<ResultEvent> {
  await waitUntil(() => results.has(id), `a result for ${id}`, 30_000);
  return results.get(id) as ResultEvent;
}

async function setTier(tier: "fast" | "standard" | "powerful", reason: string): Promise<number> {
  const outcome = await publishPolicyChange({
    transport: admin,
    topic: policyTopic,
    store: adminStore,
    draft: { changeId: uniqueName("change"), taskType: "campaign_summary", override: { tier }, author: "operator:test", reason, pinned: true },
  });
  assert.equal(outcome.kind, "applied");
  return outcome.event.policyVersion;
}

before(async () => {
  await bed.connect();
  simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0 } });
  topics = await bed.createTopicNames(4);
  // One partition like the store would create (here without compaction: the bed deletes what it made).
  [policyTopic = ""] = await bed.createTopics(1, "policy");
  admin = bed.newTransport();
  adminStore = createPolicyStore({ transport: admin, topic: policyTopic, routing, deadLetterTopic: topics.deadLetters, logger: testLogger, reader: "test" });
  await adminStore.start();
  resultReader = await collectResults(admin, topics.results, results);
});

after(async () => {
  await resultReader?.stop();
  await adminStore?.stop();
  await simulator?.close();
  await bed.clean();
});

describe("routers on the live policy topic", () => {
  it("two routers follow a change live (the time it took printed), report its version, and a pin still wins; a restarted router comes back with it", async () => {
    const groupId = bed.newGroup();
    const first = await startPolicyRouter(groupId);
    const second = await startPolicyRouter(groupId);
    try {
      await waitUntil(() => first.loop.isReady() && second.loop.isReady(), "both routers joined", 60_000);
      const base = adminStore.current().version;

      const publishedAt = Date.now();
      const version = await setTier("fast", "campaign_summary set to fast for the test");
      await waitUntil(() => first.store.current().version === version && second.store.current().version === version, "both routers saw the change", 30_000);
      const followMs = Date.now() - publishedAt;
      assert.ok(version > base);
      process.stdout.write(`# two routers applied policy v${version} ${followMs} ms after it was published\n`);

      const ids = Array.from({ length: 12 }, (_, index) => uniqueName(`after-${index}`));
      await admin.publish([...ids.map((id) => summary(id)), summary("pinned-standard", "standard")]);
      for (const id of ids) {
        const result = await resultOf(id);
        assert.equal(result.tier, "fast", id);
        assert.equal(result.routing.policyVersion, version);
        assert.match(result.routing.reason, new RegExp(`^policy v${version}: `));
      }
      assert.ok(first.loop.stats().handled > 0 && second.loop.stats().handled > 0, "both routers routed some of the tasks");
      const pinned = await resultOf("pinned-standard");
      assert.equal(pinned.tier, "standard", "a task's pin beats the policy");
      assert.equal(pinned.routing.policyVersion, version);

      await first.stop();
      const restarted = await startPolicyRouter(groupId);
      try {
        assert.equal(restarted.store.current().version, version, "a restarted router reads the latest policy before it routes");
        assert.equal(restarted.store.current().entries.campaign_summary?.override.tier, "fast");
        // Alone in the group, the restarted router routes with it.
        await second.stop();
        await waitUntil(() => restarted.loop.isReady(), "the restarted router owns the partitions", 60_000);
        const afterRestart = uniqueName("after-restart");
        await admin.publish([summary(afterRestart)]);
        const result = await resultOf(afterRestart);
        assert.deepEqual([result.tier, result.routing.policyVersion], ["fast", version]);
      } finally {
        await restarted.stop();
      }
    } finally {
      await first.stop().catch(() => undefined);
      await second.stop().catch(() => undefined);
    }
  });

  it("never changes the routing of a task already in flight", async () => {
    const groupId = bed.newGroup();
    const router = await startPolicyRouter(groupId);
    try {
      await setTier("standard", "campaign_summary on standard before the in-flight task");
      await waitUntil(() => router.store.current().version === adminStore.current().version, "the router is on the latest policy", 30_000);
      const before = router.store.current().version;
      simulator.setConfig({ fixedLatencyMs: 3_000, latencyScale: 1 });
      const id = uniqueName("in-flight");
      await admin.publish([summary(id)]);
      await waitUntil(() => simulator.stats().inFlight > 0, "the task's model call started", 30_000);
      const after = await setTier("fast", "campaign_summary to fast while a task is in flight");
      simulator.setConfig({ fixedLatencyMs: null, latencyScale: 0 });
      const result = await resultOf(id);
      assert.equal(result.tier, "standard", "routed under the policy in force when it was decoded");
      assert.equal(result.routing.policyVersion, before);
      await waitUntil(() => router.store.current().version === after, "the router follows the change", 30_000);
      const next = uniqueName("next");
      await admin.publish([summary(next)]);
      const nextResult = await resultOf(next);
      assert.equal(nextResult.tier, "fast");
      assert.equal(nextResult.routing.policyVersion, after);
    } finally {
      simulator.setConfig({ fixedLatencyMs: null, latencyScale: 0 });
      await router.stop();
    }
  });

  it("dead-letters a malformed, unknown-version or unknown-tier change with its reason, ignores an unknown type, and keeps the policy in force", async () => {
    const router = await startPolicyRouter(bed.newGroup());
    try {
      const before = router.store.current();
      const change = (taskType: string, tier: string) => ({
        version: 1,
        changeId: uniqueName("bad"),
        policyVersion: before.version + 1,
        taskType,
        override: { tier },
        author: "operator:test",
        reason: "bad input",
        createdAt: new Date().toISOString(),
      });
      await admin.publish([
        { topic: policyTopic, key: "campaign_summary", value: "{not json" },
        { topic: policyTopic, key: "campaign_summary", value: JSON.stringify({ version: 2, changeId: "x", policyVersion: before.version + 1 }) },
        { topic: policyTopic, key: "campaign_summary", value: JSON.stringify(change("campaign_summary", "gigantic")) },
        // Well formed, but no routing config here knows the type: ignored with a warning, not dead-lettered.
        { topic: policyTopic, key: "no_such_type", value: JSON.stringify(change("no_such_type", "fast")) },
      ]);
      const deadLetters = await waitForDeadLetters(3);
      assert.equal(router.store.current(), before, "the policy in force stays");
      const codes = deadLetters.map((message) => message.headers[DEAD_LETTER_HEADERS.errorCode]).sort();
      assert.deepEqual(codes, ["event_invalid", "event_not_json", "event_version_unsupported"]);
      for (const message of deadLetters) assert.equal(message.headers[DEAD_LETTER_HEADERS.sourceTopic], policyTopic);
      // The valid change after them all is applied: the router read past the bad ones, the unknown type included.
      const version = await setTier("standard", "campaign_summary on standard after the bad changes");
      await waitUntil(() => router.store.current().version === version, "the router applied the next good change", 30_000);
      assert.equal(version, before.version + 1, "no bad change took a version");
      assert.equal(router.store.current().entries.no_such_type, undefined);
      const id = uniqueName("after-bad");
      await admin.publish([summary(id)]);
      assert.equal((await resultOf(id)).routing.policyVersion, version, "the router goes on routing");
    } finally {
      await router.stop();
    }
  });
});

async function waitForDeadLetters(count: number) {
  let found: Awaited<ReturnType<Transport["readTopic"]>> = [];
  await waitUntil(
    async () => {
      found = (await admin.readTopic(topics.deadLetters)).filter((message) => message.headers[DEAD_LETTER_HEADERS.sourceTopic] === policyTopic);
      // Each reader of the topic dead-letters what it read live: the test's own store and the router's.
      return found.filter((message) => message.headers[DEAD_LETTER_HEADERS.consumerGroup] === "policy-store:router").length >= count;
    },
    `${count} dead letters from the policy topic`,
    20_000,
  );
  return found.filter((message) => message.headers[DEAD_LETTER_HEADERS.consumerGroup] === "policy-store:router");
}
