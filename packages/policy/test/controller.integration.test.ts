import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  applyMigrations,
  createServerStore,
  mapShadowEventToRow,
  mapUsageEventToRow,
  quoteIdentifier,
  runReport,
  type ClickHouseStore,
} from "@switchyard/clickhouse";
import { AlertEventSchema, type ShadowEvent, type ShadowPhase, type Tier } from "@switchyard/contracts";
import { createKafkaTransport, type Transport } from "@switchyard/kafka";
import { createLogger } from "@switchyard/platform";
import { resolveRoutingConfig } from "@switchyard/routing";
import { buildUsageEvents } from "@switchyard/test-support";
import { Kafka, logLevel } from "kafkajs";
import {
  computeWhatIf,
  createPolicyController,
  createPolicyStore,
  createShadowEvidenceReader,
  publishPolicyChange,
  readWhatIfData,
  type PolicyStore,
} from "../src";

// The controller and the guard on the real broker and ClickHouse server.
const BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const logger = createLogger({ name: "policy-controller-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });
const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const topics = { policy: `switchyard-it-policy-${suffix}`, alerts: `switchyard-it-alerts-${suffix}`, dlq: `switchyard-it-dlq-${suffix}` };
const routing = resolveRoutingConfig({ policy: { autoApply: true, minSamples: 100, target: 0.95, stepIntervalMinutes: 60 } });
const transports: Transport[] = [];
const stores: PolicyStore[] = [];
let clickhouse: ClickHouseStore;

async function openStore(): Promise<{ transport: Transport; store: PolicyStore }> {
  const transport = createKafkaTransport({ brokers: BROKERS, clientId: `policy-it-${randomUUID().slice(0, 8)}`, logger });
  transports.push(transport);
  const store = createPolicyStore({ transport, topic: topics.policy, routing, deadLetterTopic: topics.dlq, logger, reader: "test" });
  await store.start();
  stores.push(store);
  return { transport, store };
}

function pairs(count: number, agree: number, options: { type: string; phase: ShadowPhase; original: Tier; shadow: Tier; at: Date }): ShadowEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    version: 1,
    eventId: `${options.phase}-${options.type}-${index}-${randomUUID()}`,
    ts: options.at.toISOString(),
    taskId: `${options.type}-${index}`,
    type: options.type,
    originalTier: options.original,
    originalModel: routing.models[options.original],
    shadowTier: options.shadow,
    shadowModel: routing.models[options.shadow],
    evaluator: "judge",
    score: index < agree ? 1 : 0,
    verdict: index < agree ? "agree" : "disagree",
    originalCostUsd: 0.01,
    shadowCostUsd: 0.002,
    evaluationCostUsd: 0,
    originalOutput: null,
    shadowOutput: null,
    originalOutputSha256: "",
    shadowOutputSha256: "",
    originalOutputLength: 0,
    shadowOutputLength: 0,
    metadata: {},
    phase: options.phase,
  }));
}

async function storePairs(events: ShadowEvent[]): Promise<void> {
  await clickhouse.insert(
    "llm_shadow",
    events.map((event) => mapShadowEventToRow(event, new Date())),
  );
}

before(async () => {
  clickhouse = createServerStore({
    url: process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123",
    database: `switchyard_test_policy_${suffix.replace(/-/g, "_")}`,
    logger,
  });
  await applyMigrations(clickhouse, { logger });
});

after(async () => {
  for (const store of stores) await store.stop();
  for (const transport of transports) await transport.close().catch(() => undefined);
  await clickhouse.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(clickhouse.database)}`).catch(() => undefined);
  await clickhouse.close();
  const admin = new Kafka({ brokers: BROKERS, clientId: `policy-it-cleanup-${suffix}`, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin.disconnect();
});

describe("the policy controller on Kafka and ClickHouse", () => {
  it("moves a type down once when two controllers decide together, leaves an operator's pin alone, and the guard moves it back", async () => {
    const [first, second, observer] = [await openStore(), await openStore(), await openStore()];
    await first.transport.ensureTopics([topics.alerts, topics.dlq], 1);
    // An operator pins account_strategy on powerful; its shadow evidence would support a move.
    const pin = await publishPolicyChange({
      transport: first.transport,
      topic: topics.policy,
      store: first.store,
      draft: {
        changeId: randomUUID(),
        taskType: "account_strategy",
        override: { tier: "powerful" },
        author: "operator:alice",
        reason: "keep strategy on Opus",
        pinned: true,
      },
    });
    assert.equal(pin.kind, "applied");
    await second.store.waitFor(() => second.store.current().version === pin.event.policyVersion, 10_000);

    const start = new Date(Date.now() + 1_000);
    await storePairs(pairs(150, 150, { type: "campaign_summary", phase: "shadow", original: "standard", shadow: "fast", at: start }));
    await storePairs(pairs(150, 150, { type: "account_strategy", phase: "shadow", original: "powerful", shadow: "standard", at: start }));
    const readEvidence = createShadowEvidenceReader(clickhouse);
    const at = (date: Date) => () => date;
    const controllers = [first, second].map(({ transport, store }) =>
      createPolicyController({
        transport,
        policyTopic: topics.policy,
        alertsTopic: topics.alerts,
        store,
        routing,
        readEvidence,
        logger,
        now: at(new Date(start.getTime() + 10_000)),
      }),
    );
    const outcomes = await Promise.all(controllers.map((controller) => controller.check()));
    assert.deepEqual(
      outcomes.map((published) => published.map((item) => item.move.taskType)),
      [["campaign_summary"], ["campaign_summary"]],
    );
    await observer.store.waitFor(() => observer.store.current().version >= pin.event.policyVersion + 1, 10_000);
    const moves = observer.store.history().filter((change) => change.taskType === "campaign_summary");
    assert.equal(moves.length, 1, "two controllers, one applied change");
    const moved = moves[0];
    assert.equal(moved?.override?.tier, "fast");
    assert.equal(moved?.movedFrom, "standard");
    assert.equal(moved?.author, "controller");
    assert.match(moved?.reason ?? "", /^campaign_summary moved to fast on shadow evidence, 150 samples, lower bound 9\d\.\d%$/);
    assert.equal(observer.store.current().entries.account_strategy?.change.author, "operator:alice", "an operator's pin is never overridden");

    // After the move, guard pairs (fast answered, standard re-run) agree on 60%: the guard moves it back.
    const afterMove = new Date(Date.parse(moved?.createdAt ?? "") + 2_000);
    await storePairs(pairs(120, 72, { type: "campaign_summary", phase: "guard", original: "fast", shadow: "standard", at: afterMove }));
    const guard = createPolicyController({
      transport: first.transport,
      policyTopic: topics.policy,
      alertsTopic: topics.alerts,
      store: first.store,
      routing,
      readEvidence,
      logger,
      now: at(new Date(afterMove.getTime() + 5_000)),
    });
    await first.store.waitFor(() => first.store.current().version === observer.store.current().version, 10_000);
    const rolledBack = await guard.check();
    assert.equal(rolledBack[0]?.move.kind, "move_back");
    assert.equal(rolledBack[0]?.outcome.kind, "applied");
    await observer.store.waitFor(() => observer.store.current().entries.campaign_summary === undefined, 10_000);
    assert.equal(observer.store.current().entries.campaign_summary, undefined, "back on the base config (standard)");

    const alerts = (await observer.transport.readTopic(topics.alerts)).map((message) =>
      AlertEventSchema.parse(JSON.parse(message.value?.toString("utf8") ?? "null")),
    );
    const kinds = new Map(alerts.map((alert) => [alert.alertId, alert.kind]));
    assert.deepEqual([...kinds.values()].sort(), ["policy_move_down", "policy_rollback"], "each move is one alert (repeats share an id)");
    const rollback = alerts.find((alert) => alert.kind === "policy_rollback");
    assert.equal(rollback?.subject, "campaign_summary");
    assert.ok((rollback?.observed ?? 1) < 0.95, "the upper bound it rests on is below the target");
  });
});

describe("what-if and lineup-savings SQL on the ClickHouse server", () => {
  it("read routed calls and pairs of a window, each once", async () => {
    const at = new Date("2026-11-29T10:00:00Z");
    const usage = buildUsageEvents(4, (index) => ({
      eventId: `u-${index}`,
      ts: at.toISOString(),
      taskId: `cs-${index}`,
      type: "campaign_summary",
      tier: "standard",
      model: routing.models.standard,
      inputTokens: 1_000,
      outputTokens: 100,
      costUsd: 0.01,
      policyVersion: 3,
    }));
    await clickhouse.insert(
      "llm_usage",
      [...usage, ...usage].map((event) => mapUsageEventToRow(event, new Date())),
    );
    await storePairs(pairs(4, 3, { type: "campaign_summary", phase: "shadow", original: "standard", shadow: "fast", at }));
    const window = { from: new Date("2026-11-29T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") };
    const data = await readWhatIfData(clickhouse, window);
    assert.deepEqual(
      data.routed.map((row) => [row.taskType, row.tier, row.tasks]),
      [["campaign_summary", "standard", 4]],
    );
    assert.deepEqual(
      data.pairs.map((row) => [row.originalTier, row.shadowTier, row.samples, row.agreements]),
      [["standard", "fast", 4, 3]],
    );
    const report = computeWhatIf({ proposal: { campaign_summary: "fast" }, ...data, reprice: () => null });
    assert.equal(report.rows[0]?.proposedUsd, 0.008, "0.04 paid x 0.002 / 0.01 measured");
    const lineup = await runReport(clickhouse, "lineup-savings", {
      ...window,
      prices: [
        { tier: "standard", inputPerMillion: 2, outputPerMillion: 10, cacheWrite5mPerMillion: 2.5, cacheReadPerMillion: 0.1 },
        { tier: "powerful", inputPerMillion: 4, outputPerMillion: 20, cacheWrite5mPerMillion: 5, cacheReadPerMillion: 0.2 },
      ],
    });
    const summaries = lineup.rows.find((row) => row.task_type === "campaign_summary");
    assert.equal(summaries?.calls, 4);
    assert.equal(summaries?.cost_change_percent, -50);
    assert.equal(summaries?.shadow_agreement, "75% (n=4)");
  });
});
