import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AlertEventSchema, ShadowEventSchema, UsageEventSchema } from "@switchyard/contracts";
import { buildShadowEvent } from "@switchyard/test-support";
import { mapAlertEventToRow, mapShadowEventToRow, mapUsageEventToRow } from "../src";

const insertedAt = new Date("2024-05-02T00:00:00Z");

describe("mapUsageEventToRow", () => {
  it("maps every field, lifts feature and tenant out of metadata and converts ts to UTC seconds", () => {
    const event = UsageEventSchema.parse({
      version: 1,
      eventId: "e-1",
      ts: "2024-05-01T12:30:15.750+02:00",
      taskId: "kw-1",
      type: "keyword_relevance",
      tier: "fast",
      model: "claude-3-haiku",
      role: "primary",
      status: "error",
      errorType: "timeout",
      attempt: 2,
      inputTokens: 500,
      outputTokens: 50,
      cacheCreationInputTokens: 10,
      cacheReadInputTokens: 20,
      costUsd: null,
      latencyMs: 1234,
      metadata: { feature: "keywords", tenant: "acme", campaign: "c-9" },
    });
    assert.deepEqual(mapUsageEventToRow(event, insertedAt), {
      event_id: "e-1",
      ts: "2024-05-01 10:30:15",
      task_id: "kw-1",
      task_type: "keyword_relevance",
      tier: "fast",
      model: "claude-3-haiku",
      role: "primary",
      status: "error",
      error_type: "timeout",
      attempt: 2,
      input_tokens: 500,
      output_tokens: 50,
      cache_creation_input_tokens: 10,
      cache_read_input_tokens: 20,
      cost_usd: null,
      latency_ms: 1234,
      feature: "keywords",
      tenant: "acme",
      metadata: '{"campaign":"c-9"}',
      policy_version: 0,
      inserted_at: "2024-05-02 00:00:00",
      mode: "sync",
      cache_creation_5m_input_tokens: 10,
      cache_creation_1h_input_tokens: 0,
    });
  });

  it("writes '' for a missing error type, feature and tenant", () => {
    const row = mapUsageEventToRow(
      UsageEventSchema.parse({
        version: 1,
        eventId: "e-2",
        ts: "2024-05-01T00:00:00Z",
        taskId: "t",
        type: "x",
        tier: "standard",
        model: "m",
        role: "judge",
        status: "ok",
        errorType: null,
        attempt: 1,
        inputTokens: 1,
        outputTokens: 1,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 0,
        costUsd: 0.5,
        latencyMs: 1,
        metadata: {},
      }),
      insertedAt,
    );
    assert.equal(row.error_type, "");
    assert.equal(row.feature, "");
    assert.equal(row.tenant, "");
    assert.equal(row.metadata, "{}");
    assert.equal(row.cost_usd, 0.5);
  });
});

describe("mapShadowEventToRow", () => {
  it("maps a comparison, keeping null outputs when content storage is off", () => {
    const event = ShadowEventSchema.parse(
      buildShadowEvent({
        ts: "2024-05-01T00:00:00Z",
        originalModel: "claude-3-5-sonnet",
        shadowModel: "claude-3-haiku",
        evaluator: "llm_judge",
        shadowCostUsd: 0.001,
        shadowOutputLength: 118,
        metadata: { tenant: "globex", run: "r1" },
      }),
    );
    assert.deepEqual(mapShadowEventToRow(event, insertedAt), {
      event_id: "cs-1:fast",
      ts: "2024-05-01 00:00:00",
      task_id: "cs-1",
      task_type: "campaign_summary",
      original_tier: "standard",
      original_model: "claude-3-5-sonnet",
      shadow_tier: "fast",
      shadow_model: "claude-3-haiku",
      evaluator: "llm_judge",
      score: 0.9,
      verdict: "agree",
      original_cost_usd: 0.01,
      shadow_cost_usd: 0.001,
      evaluation_cost_usd: null,
      original_output: null,
      shadow_output: null,
      original_output_sha256: "a".repeat(64),
      shadow_output_sha256: "b".repeat(64),
      original_output_length: 120,
      shadow_output_length: 118,
      feature: "",
      tenant: "globex",
      metadata: '{"run":"r1"}',
      phase: "shadow",
      policy_version: 0,
      inserted_at: "2024-05-02 00:00:00",
    });
  });

  it("keeps a guard pair's phase and the policy version that routed it", () => {
    const event = ShadowEventSchema.parse({
      version: 1,
      eventId: "cs-2:guard:standard",
      ts: "2024-05-01T00:00:00Z",
      taskId: "cs-2",
      type: "campaign_summary",
      originalTier: "fast",
      originalModel: "claude-3-haiku",
      shadowTier: "standard",
      shadowModel: "claude-3-5-sonnet",
      evaluator: "llm_judge",
      score: 0.2,
      verdict: "disagree",
      originalCostUsd: 0.001,
      shadowCostUsd: 0.01,
      evaluationCostUsd: null,
      originalOutput: null,
      shadowOutput: null,
      originalOutputSha256: "a".repeat(64),
      shadowOutputSha256: "b".repeat(64),
      originalOutputLength: 1,
      shadowOutputLength: 1,
      metadata: {},
      phase: "guard",
      policyVersion: 7,
    });
    const row = mapShadowEventToRow(event, insertedAt);
    assert.equal(row.phase, "guard");
    assert.equal(row.policy_version, 7);
  });
});

describe("mapAlertEventToRow", () => {
  const alert = (subject: string, message: string) =>
    AlertEventSchema.parse({
      version: 1,
      alertId: "cost_anomaly:acme",
      ts: "2024-05-01T12:00:00Z",
      kind: "cost_anomaly",
      subject,
      hour: "2024-05-01 12:00:00",
      observed: 12.5,
      baseline: 2,
      threshold: 6,
      message,
    });

  it("keeps an alert's text as published when it is short", () => {
    const row = mapAlertEventToRow(alert("tenant acme", "spend 12.50 USD against 2.00"), insertedAt);
    assert.equal(row.subject, "tenant acme");
    assert.equal(row.message, "spend 12.50 USD against 2.00");
    assert.equal(row.period, "2024-05-01 12:00:00");
    assert.equal(row.ts, "2024-05-01 12:00:00");
  });

  it("bounds the subject and message any producer can make as long as a message allows, saying how long they were", () => {
    const row = mapAlertEventToRow(alert("s".repeat(100_000), "m".repeat(1_000_000)), insertedAt);
    assert.ok(row.subject.length < 600, `subject of ${row.subject.length} chars`);
    assert.ok(row.message.length < 2_100, `message of ${row.message.length} chars`);
    assert.match(row.subject, /… \(100000 chars\)$/);
    assert.match(row.message, /… \(1000000 chars\)$/);
  });
});
