import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AlertEventSchema,
  type AlertEvent,
  ResultEventSchema,
  type ResultEvent,
  TaskEventSchema,
  type ShadowCandidateEvent,
  type Tier,
  type TopicNames,
} from "@switchyard/contracts";
import { waitForMessages, type IncomingMessage, type Subscription } from "@switchyard/kafka";
import { createAnthropicProvider } from "@switchyard/llm";
import { createPolicyStore, publishPolicyChange, type PolicyStore } from "@switchyard/policy";
import { resolveRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import { startShadow } from "@switchyard/shadow";
import { startHistoryRecorder } from "@switchyard/metrics-sink";
import { runReport } from "@switchyard/clickhouse";
import { collectResults, parseShadow, uniqueName, waitUntil } from "@switchyard/test-support";
import { countRows, PipelineTestBed, startPipeline, TEST_RETRY_POLICY } from "./pipeline-support";

// The loop on the real broker and ClickHouse server: router, shadow and the sink's controller each
// following the policy topic, the simulator behind the Anthropic SDK.
const SUMMARIES = 50;

const bed = new PipelineTestBed();
let topics: TopicNames;
let policyTopic: string;
const results = new Map<string, ResultEvent>();
let resultReader: Subscription;

function summary(id: string) {
  const task = { id, type: "campaign_summary", messages: [{ role: "user", content: `Summarise campaign ${id}: 120 clicks, 40 USD.` }], maxTokens: 64 };
  return { topic: topics.tasks, key: id, value: JSON.stringify(task) };
}

before(async () => {
  await bed.connect();
  topics = await bed.createTopicNames(3);
  [policyTopic = ""] = await bed.createTopics(1, "policy");
  const reader = bed.newTransport();
  resultReader = await collectResults(reader, topics.results, results);
});

after(async () => {
  await resultReader?.stop();
  await bed.clean();
});

describe("the policy loop on Kafka and ClickHouse", { timeout: 300_000 }, () => {
  it("the controller moves a type down on shadow evidence; when its quality drops the guard's pairs disagree and it moves back with an alert", async () => {
    // Small evidence rules so that 50 tasks decide: 40 pairs, a 90% target (50 of 50 agreeing: lower bound 92.9%).
    const routing = resolveRoutingConfig({
      shadow: { defaultRate: 1 },
      policy: { autoApply: true, target: 0.9, minSamples: 40, guardRate: 1, stepIntervalMinutes: 0, checkIntervalSeconds: 0.5 },
    });
    const fast = routing.models.fast;
    const simulator = await bed.startSimulator({ latencyScale: 0, quality: { agreement: { campaign_summary: { [fast]: 1 } } } });
    const store = bed.newStore();
    const pipeline = await startPipeline({ bed, topics, routing, simulator, store, policyTopic });
    // The sink's history recorder keeps every change of the compacted policy topic, and the alerts, in ClickHouse.
    const history = await startHistoryRecorder({
      transport: pipeline.transport,
      store,
      policyTopic,
      alertsTopic: topics.alerts,
      deadLetterTopic: topics.deadLetters,
      groupId: bed.newGroup("sink-history"),
      batch: { maxRows: 100, maxWaitMs: 200, maxBufferedRows: 1_000, retry: { initialDelayMs: 100, maxDelayMs: 1_000 } },
      maxEventBytes: 1024 * 1024,
      logger: bed.logger,
    });
    bed.onClean(() => history.stop());
    const policy = pipeline.policy as { router: PolicyStore; shadow: PolicyStore };
    const entry = (from: PolicyStore) => from.current().entries.campaign_summary;

    // Phase 1: the base config routes summaries to standard; every one is re-run on fast and agrees.
    const phaseOne = Array.from({ length: SUMMARIES }, (_, index) => uniqueName(`p1-${index}`));
    await pipeline.transport.publish(phaseOne.map(summary));
    await waitUntil(() => entry(policy.router)?.override.tier === "fast", "the controller moved campaign_summary to fast", 120_000);
    const moved = entry(policy.router)?.change;
    assert.equal(moved?.author, "controller");
    assert.equal(moved?.movedFrom, "standard");
    assert.match(moved?.reason ?? "", /^campaign_summary moved to fast on shadow evidence, \d+ samples, lower bound 9\d\.\d%$/);
    await waitUntil(() => phaseOne.every((id) => results.has(id)), "phase 1 answered", 60_000);
    for (const id of phaseOne) assert.equal(results.get(id)?.tier, "standard", id);
    await waitUntil(() => policy.shadow.current().version === moved?.policyVersion, "the shadow follows the move", 5_000);

    // Phase 2: fast now gives a different answer than standard on every summary; the guard re-runs them on standard.
    simulator.setConfig({ quality: { agreement: { campaign_summary: { [fast]: 0 } } } });
    const phaseTwo = Array.from({ length: SUMMARIES }, (_, index) => uniqueName(`p2-${index}`));
    await pipeline.transport.publish(phaseTwo.map(summary));
    await waitUntil(() => entry(policy.router) === undefined, "the guard moved campaign_summary back", 120_000);
    const rollback = policy.router.history().at(-1);
    assert.equal(rollback?.author, "controller");
    assert.equal(rollback?.override, null, "back on the base config (standard)");
    assert.match(
      rollback?.reason ?? "",
      /^campaign_summary moved back to standard by the guard: \d+ samples on fast, agreement upper bound \d+\.\d% below the 90\.0% target$/,
    );

    const routedAfterMove = phaseTwo.filter((id) => results.get(id)?.routing.policyVersion === moved?.policyVersion);
    assert.ok(routedAfterMove.length >= 40, `phase 2 was routed under the move (${routedAfterMove.length})`);
    for (const id of routedAfterMove) assert.equal(results.get(id)?.tier, "fast", id);
    const guardPairs = await countRows(
      store,
      `SELECT count() AS n FROM llm_shadow FINAL WHERE phase = 'guard' AND original_tier = 'fast' AND shadow_tier = 'standard' AND verdict = 'disagree' AND policy_version = ${moved?.policyVersion}`,
    );
    assert.ok(guardPairs >= 40, `stored disagreeing guard pairs (${guardPairs})`);

    // The controller publishes its rollback alert once its own reader has the change back: it may come after the router's.
    const decodeAlerts = (messages: readonly IncomingMessage[]) =>
      messages.map((message) => AlertEventSchema.parse(JSON.parse(message.value?.toString("utf8") ?? "null")));
    const distinct = (alerts: readonly AlertEvent[]) => [...new Map(alerts.map((alert) => [alert.alertId, alert])).values()];
    const alerts = decodeAlerts(
      await waitForMessages(pipeline.transport, { topic: topics.alerts, until: (messages) => distinct(decodeAlerts(messages)).length >= 2, timeoutMs: 60_000 }),
    );
    const kinds = distinct(alerts).map((alert) => [alert.kind, alert.subject]);
    assert.deepEqual(kinds, [
      ["policy_move_down", "campaign_summary"],
      ["policy_rollback", "campaign_summary"],
    ]);
    // The same changes and alerts, stored: what the policy-history and alerts reports (and the dashboard) read.
    const period = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) };
    await waitUntil(async () => (await runReport(store, "alerts", period)).rows.length === 2, "the alerts are stored", 30_000);
    // The recorder stores changes and alerts through writers of their own: the changes may land later.
    await waitUntil(async () => (await runReport(store, "policy-history", period)).rows.length >= 2, "the policy changes are stored", 30_000);
    const stored = await runReport(store, "policy-history", period);
    assert.deepEqual(
      stored.rows.map((row) => [Number(row.policy_version), row.task_type, row.tier, row.author, row.evidence_phase]),
      [
        [rollback?.policyVersion, "campaign_summary", "", "controller", "guard"],
        [moved?.policyVersion, "campaign_summary", "fast", "controller", "shadow"],
      ],
    );
    assert.deepEqual((await runReport(store, "alerts", period)).rows.map((row) => String(row.kind)).sort(), ["policy_move_down", "policy_rollback"]);

    // The next summary is routed on standard again, under the rollback's version.
    const next = uniqueName("after-rollback");
    await pipeline.transport.publish([summary(next)]);
    await waitUntil(() => results.has(next), "a result after the rollback", 30_000);
    assert.equal(results.get(next)?.tier, "standard");
    assert.equal(results.get(next)?.routing.policyVersion, rollback?.policyVersion);
    // Several controller passes later the type is still back: the evidence the guard overruled does not move it down again.
    await new Promise((resolve) => setTimeout(resolve, 4 * routing.policy.checkIntervalSeconds * 1_000));
    assert.equal(policy.router.current().version, rollback?.policyVersion);
  });

  it("a shadow instance reads the policy topic from the beginning at start, then follows it live", async () => {
    const routing = resolveRoutingConfig({});
    const simulator = await bed.startSimulator({ latencyScale: 0 });
    const own = await bed.createTopicNames(1);
    const [topic = ""] = await bed.createTopics(1, "policy");
    const admin = bed.newTransport();
    const adminStore = createPolicyStore({ transport: admin, topic, routing, deadLetterTopic: own.deadLetters, logger: bed.logger, reader: "test" });
    await adminStore.start();
    bed.onClean(() => adminStore.stop());
    const change = async (override: { tier: Tier } | null, movedFrom: Tier | null) => {
      const outcome = await publishPolicyChange({
        transport: admin,
        topic,
        store: adminStore,
        draft: { changeId: uniqueName("change"), taskType: "campaign_summary", override, movedFrom, author: "operator:test", reason: "test", pinned: false },
      });
      assert.equal(outcome.kind, "applied");
      return outcome.event.policyVersion;
    };

    // Moved before the shadow starts: it must read it from the topic (the candidates carry no guard).
    const movedVersion = await change({ tier: "fast" }, "standard");
    const shadowStore = createPolicyStore({ transport: admin, topic, routing, deadLetterTopic: own.deadLetters, logger: bed.logger, reader: "shadow" });
    await shadowStore.start();
    bed.onClean(() => shadowStore.stop());
    const shadow = await startShadow({
      transport: bed.newTransport(),
      provider: createAnthropicProvider({ apiKey: "test-key", baseUrl: simulator.url, logger: bed.logger }),
      routing,
      topics: own,
      groupId: bed.newGroup("shadow"),
      maxInFlight: 4,
      retryPolicy: TEST_RETRY_POLICY,
      logger: bed.logger,
      policy: shadowStore,
    });
    bed.onClean(() => shadow.stop());
    const pairOf = async (candidate: ShadowCandidateEvent) => {
      await admin.publish([{ topic: own.shadowCandidates, key: candidate.task.id, value: JSON.stringify(candidate) }]);
      let pair;
      await waitUntil(
        async () => (pair = parseShadow(await admin.readTopic(own.shadow)).find((event) => event.taskId === candidate.task.id)) !== undefined,
        `the shadow's pair for ${candidate.task.id}`,
        60_000,
      );
      return pair as unknown as { phase: string; shadowTier: Tier; policyVersion?: number };
    };

    const guarded = await pairOf(candidate(routing, uniqueName("moved"), "fast", movedVersion));
    assert.deepEqual(
      [guarded.phase, guarded.shadowTier, guarded.policyVersion],
      ["guard", "standard", movedVersion],
      "a guard pair, from the policy read at start",
    );

    // Live: moved back, then a candidate routed under the new version is a pre-move pair again.
    const backVersion = await change(null, null);
    await shadowStore.waitFor(() => shadowStore.current().version === backVersion, 5_000);
    const shadowed = await pairOf(candidate(routing, uniqueName("back"), "standard", backVersion));
    assert.deepEqual([shadowed.phase, shadowed.shadowTier], ["shadow", "fast"]);

    // A candidate routed under a version the shadow has not read yet waits for it.
    const ahead = candidate(routing, uniqueName("ahead"), "fast", backVersion + 1);
    const pending = pairOf(ahead);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await change({ tier: "fast" }, "standard"), backVersion + 1);
    const caughtUp = await pending;
    assert.deepEqual([caughtUp.phase, caughtUp.shadowTier], ["guard", "standard"]);
  });
});

/** A successful campaign summary answered on `tier` under policy `policyVersion`, as the router sends it (without the guard it would record). */
function candidate(routing: RoutingConfig, id: string, tier: Tier, policyVersion: number): ShadowCandidateEvent {
  return {
    version: 1,
    task: TaskEventSchema.parse({ id, type: "campaign_summary", messages: [{ role: "user", content: `Summarise campaign ${id}.` }], maxTokens: 64 }),
    result: ResultEventSchema.parse({
      version: 1,
      taskId: id,
      type: "campaign_summary",
      status: "ok",
      text: "Clicks rose 12% on 40 USD.",
      tier,
      model: routing.models[tier],
      routing: { reason: `policy v${policyVersion}`, fallbackFrom: null, policyVersion },
      usage: { inputTokens: 20, outputTokens: 10, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      costUsd: 0.001,
      latencyMs: 5,
      attempts: 1,
      metadata: {},
      completedAt: new Date().toISOString(),
    }),
  };
}
