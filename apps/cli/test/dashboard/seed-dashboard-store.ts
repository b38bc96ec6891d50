import {
  applyMigrations,
  mapAlertEventToRow,
  mapPolicyChangeToRow,
  mapShadowEventToRow,
  mapUsageEventToRow,
  type ClickHouseStore,
} from "@switchyard/clickhouse";
import { AlertEventSchema, PolicyChangeEventSchema, type AlertEvent, type PolicyChangeEvent, type ShadowEvent, type UsageEvent } from "@switchyard/contracts";
import { buildUsageEvents, createTestLogger } from "@switchyard/test-support";

const HOUR_MS = 3_600_000;

interface Stream {
  type: string;
  tier: UsageEvent["tier"];
  model: string;
  perHour: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  tenants: string[];
  feature: string;
}

// Shaped like the article's mix: most calls fast, some standard, few powerful; two tenants.
const STREAMS: Stream[] = [
  {
    type: "keyword_relevance",
    tier: "fast",
    model: "claude-haiku-4-5",
    perHour: 6,
    inputTokens: 500,
    outputTokens: 50,
    costUsd: 0.00075,
    tenants: ["acme", "globex"],
    feature: "keywords",
  },
  {
    type: "campaign_summary",
    tier: "standard",
    model: "claude-sonnet-4-5",
    perHour: 2,
    inputTokens: 5000,
    outputTokens: 400,
    costUsd: 0.021,
    tenants: ["acme"],
    feature: "reports",
  },
  {
    type: "account_strategy",
    tier: "powerful",
    model: "claude-opus-4-5",
    perHour: 1,
    inputTokens: 8000,
    outputTokens: 1200,
    costUsd: 0.07,
    tenants: ["globex"],
    feature: "strategy",
  },
];

/** A tenant whose few calls fall in the current hour (so today and this month, whatever the time): its day budget is always exceeded. */
export const PROBE_TENANT = "initech";

/** The routing config's budgets the dashboard runs with in the browser test. */
export const SEEDED_BUDGETS = {
  rules: [
    { tenant: PROBE_TENANT, limits: { day: 0.001 }, action: "reject" },
    { tenant: "acme", limits: { day: 1_000, month: 10_000 }, action: "defer", alertAt: [0.8] },
  ],
};

/** Hours of data before `now`: a 7-day baseline for the anomaly and tier-mix reports, and the day after it. */
export const SEEDED_HOURS = 8 * 24;
/** Hours before now of the routing bug: keyword relevance on the powerful tier, a burst of cost. */
export const SPIKE_HOURS_AGO = 5;

/**
 * Usage and shadow rows for the dashboard's browser test, relative to `now`,
 * written as the sink writes them (migrations, then llm_usage and llm_shadow).
 */
export async function seedDashboardStore(store: ClickHouseStore, now: Date): Promise<Record<"usage" | "shadow" | "policyChanges" | "alerts", number>> {
  await applyMigrations(store, { logger: createTestLogger("dashboard-seed") });
  const start = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - SEEDED_HOURS * HOUR_MS;
  const usage: UsageEvent[] = [];
  for (let hour = 0; hour < SEEDED_HOURS; hour += 1) {
    for (const stream of STREAMS) {
      const count = stream.perHour + (hour % 3);
      usage.push(...streamEvents(stream, count, start + hour * HOUR_MS, `${stream.type}-${hour}`));
    }
  }
  const spike: Stream = { ...STREAMS[0]!, tier: "powerful", model: "claude-opus-4-5", perHour: 60, costUsd: 0.0135 };
  usage.push(...streamEvents(spike, spike.perHour, start + (SEEDED_HOURS - SPIKE_HOURS_AGO) * HOUR_MS, "spike"));
  // A task type and model of its own: without a baseline, the anomaly report does not judge its hour.
  const probe: Stream = { ...STREAMS[0]!, type: "budget_probe", model: "probe-model", perHour: 3, tenants: [PROBE_TENANT], feature: "probe" };
  usage.push(...streamEvents(probe, probe.perHour, Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 60_000, "probe"));
  const shadow = Array.from({ length: 120 }, (_unused, index) => shadowEvent(index, start + (SEEDED_HOURS - 24) * HOUR_MS + index * 60_000));
  const insertedAt = new Date();
  for (let offset = 0; offset < usage.length; offset += 5_000) {
    await store.insert(
      "llm_usage",
      usage.slice(offset, offset + 5_000).map((event) => mapUsageEventToRow(event, insertedAt)),
    );
  }
  await store.insert(
    "llm_shadow",
    shadow.map((event) => mapShadowEventToRow(event, insertedAt)),
  );
  const changes = policyChanges(now);
  await store.insert(
    "llm_policy_changes",
    changes.map((event) => mapPolicyChangeToRow(event, insertedAt)),
  );
  const alerts = alertEvents(now);
  await store.insert(
    "llm_alerts",
    alerts.map((event) => mapAlertEventToRow(event, insertedAt)),
  );
  return { usage: usage.length, shadow: shadow.length, policyChanges: changes.length, alerts: alerts.length };
}

/** The controller moved campaign summaries down on shadow evidence; an operator pinned keyword relevance. Parsed as the topic's events are. */
function policyChanges(now: Date): PolicyChangeEvent[] {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  return [
    PolicyChangeEventSchema.parse({
      version: 1,
      changeId: "seed-change-1",
      policyVersion: 1,
      taskType: "campaign_summary",
      override: { tier: "fast" },
      movedFrom: "standard",
      guardRate: 0.05,
      author: "controller",
      reason: "shadow agreement 90.0% (n=120) supports fast",
      evidence: {
        phase: "shadow",
        fromTier: "standard",
        toTier: "fast",
        samples: 120,
        agreements: 108,
        lower: 0.8323,
        upper: 0.9421,
        target: 0.8,
        minSamples: 100,
        window: { from: at(48), to: at(4) },
      },
      createdAt: at(4),
    }),
    PolicyChangeEventSchema.parse({
      version: 1,
      changeId: "seed-change-2",
      policyVersion: 2,
      taskType: "keyword_relevance",
      override: { tier: "fast" },
      pinned: true,
      author: "operator:dana",
      reason: "pin after the routing bug",
      createdAt: at(2),
    }),
  ];
}

function alertEvents(now: Date): AlertEvent[] {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  return [
    AlertEventSchema.parse({
      version: 1,
      alertId: "seed-alert-1",
      ts: at(SPIKE_HOURS_AGO - 1),
      kind: "cost_anomaly",
      subject: "task_type=keyword_relevance",
      hour: at(SPIKE_HOURS_AGO),
      observed: 0.81,
      baseline: 0.005,
      threshold: 3,
      message: "cost of task_type=keyword_relevance was $0.8100 against a baseline of $0.0050/hour (z = 41.2)",
    }),
    AlertEventSchema.parse({
      version: 1,
      alertId: "seed-alert-2",
      ts: at(0.5),
      kind: "budget_exceeded",
      subject: `tenant=${PROBE_TENANT}`,
      hour: now.toISOString().slice(0, 10),
      observed: 0.00225,
      baseline: 0,
      threshold: 0.001,
      message: `budget tenant=${PROBE_TENANT} day: $0.0023 spent of $0.0010`,
    }),
  ];
}

function streamEvents(stream: Stream, count: number, hourStartMs: number, prefix: string): UsageEvent[] {
  return buildUsageEvents(
    count,
    (index) => ({
      taskId: `${prefix}-${index}`,
      type: stream.type,
      tier: stream.tier,
      model: stream.model,
      inputTokens: stream.inputTokens,
      outputTokens: stream.outputTokens,
      costUsd: stream.costUsd,
      metadata: { tenant: stream.tenants[index % stream.tenants.length]!, feature: stream.feature },
    }),
    hourStartMs + 60_000,
  );
}

function shadowEvent(index: number, ms: number): ShadowEvent {
  const taskId = `summary-shadow-${index}`;
  return {
    version: 1,
    eventId: `${taskId}:fast`,
    ts: new Date(ms).toISOString(),
    taskId,
    type: "campaign_summary",
    originalTier: "standard",
    originalModel: "claude-sonnet-4-5",
    shadowTier: "fast",
    shadowModel: "claude-haiku-4-5",
    evaluator: "text-similarity",
    score: index % 10 === 0 ? 0.4 : 0.9,
    verdict: index % 10 === 0 ? "disagree" : "agree",
    originalCostUsd: 0.021,
    shadowCostUsd: 0.002,
    evaluationCostUsd: null,
    originalOutput: null,
    shadowOutput: null,
    originalOutputSha256: "0".repeat(64),
    shadowOutputSha256: "1".repeat(64),
    originalOutputLength: 100,
    shadowOutputLength: 90,
    metadata: { tenant: "acme", feature: "reports" },
  };
}
