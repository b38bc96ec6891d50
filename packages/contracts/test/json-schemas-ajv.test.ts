import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { buildResultEvent, buildShadowEvent, buildUsageEvents } from "@switchyard/test-support";
import type { z } from "zod";
import {
  AlertEventSchema,
  DeadLetterHeadersSchema,
  PolicyChangeEventSchema,
  ResultEventSchema,
  ShadowCandidateEventSchema,
  ShadowEventSchema,
  TaskEventSchema,
  UsageEventSchema,
} from "../src/index";

// What a consumer in another language does: load the committed files with a
// validator that is not zod. dist/test -> package root.
const directory = join(__dirname, "..", "..", "schemas");
// Formats would need ajv-formats; every date-time also carries a pattern.
const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
const documents = new Map<string, { $id: string }>();
for (const name of readdirSync(directory)) {
  const document = JSON.parse(readFileSync(join(directory, name), "utf8")) as { $id: string };
  documents.set(name, document);
  ajv.addSchema(document);
}

function validatorFor(name: string): ValidateFunction {
  const document = documents.get(name);
  assert.ok(document, `schemas/${name} is committed`);
  const validate = ajv.getSchema(document.$id);
  assert.ok(validate, `schemas/${name} compiles by its $id`);
  return validate;
}

const task = {
  version: 1,
  id: "kw-000123",
  type: "keyword_relevance",
  messages: [{ role: "user", content: "Keyword: trail shoes. Product: hiking boots." }],
  maxTokens: 256,
  metadata: { feature: "keywords", tenant: "acme" },
};
const result = buildResultEvent({
  taskId: "kw-000123",
  text: '{"relevant":true}',
  json: { relevant: true },
  routing: { reason: "rule 3", fallbackFrom: null },
  usage: { inputTokens: 412, outputTokens: 9, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
  costUsd: 0.000457,
  latencyMs: 820,
  metadata: { feature: "keywords" },
  completedAt: "2026-11-28T01:00:01.102Z",
});
const usage = buildUsageEvents(1, () => ({
  eventId: "kw-000123:primary:1",
  taskId: "kw-000123",
  inputTokens: 412,
  outputTokens: 9,
  costUsd: 0.000457,
}))[0] as Record<string, unknown>;
const shadow = buildShadowEvent() as Record<string, unknown>;
const alert = {
  version: 1,
  alertId: "cost_anomaly:claude-opus-4-5:2026-11-28T01",
  ts: "2026-11-28T02:00:00Z",
  kind: "cost_anomaly",
  subject: "claude-opus-4-5 / account_strategy",
  hour: "2026-11-28 01:00:00",
  observed: 12.5,
  baseline: 3.1,
  threshold: 6.2,
  message: "hourly cost 12.5 USD is above 6.2",
};
const policyChange = {
  version: 1,
  changeId: "campaign_summary:v3",
  policyVersion: 3,
  taskType: "campaign_summary",
  override: { tier: "standard" },
  movedFrom: "powerful",
  author: "controller",
  reason: "shadow agreement lower bound 96.1% reached the 95% target on 412 samples",
  evidence: {
    phase: "shadow",
    fromTier: "powerful",
    toTier: "standard",
    samples: 412,
    agreements: 402,
    lower: 0.961,
    upper: 0.99,
    target: 0.95,
    minSamples: 100,
    window: { from: "2026-11-27T00:00:00Z", to: "2026-11-28T00:00:00Z" },
  },
  createdAt: "2026-11-28T00:00:05Z",
};
const deadLetterHeaders = {
  "x-switchyard-error-class": "InvalidEventError",
  "x-switchyard-error-code": "event_not_json",
  "x-switchyard-error-reason": "message is not JSON (3 bytes, does not start with { or [)",
  "x-switchyard-source-topic": "llm.tasks",
  "x-switchyard-source-partition": "0",
  "x-switchyard-source-offset": "42",
  "x-switchyard-consumer-group": "switchyard-router",
  "x-switchyard-failed-at": "2026-11-28T01:00:00.000Z",
};

interface Case {
  file: string;
  zod: z.ZodType;
  event: Record<string, unknown>;
  /** The same event after a future additive change, nested objects included. */
  extended: Record<string, unknown>;
  /** Events that break the contract. */
  wrong: Record<string, unknown>[];
}

const cases: Case[] = [
  {
    file: "result-event.v1.schema.json",
    zod: ResultEventSchema,
    event: result,
    extended: { ...result, mode: "sync", routing: { ...result.routing, policyVersion: 7 }, usage: { ...result.usage, cacheCreation1hInputTokens: 0 } },
    wrong: [
      { ...result, status: "done" },
      { ...result, taskId: undefined },
      { ...result, usage: { inputTokens: -1 } },
    ],
  },
  {
    file: "usage-event.v1.schema.json",
    zod: UsageEventSchema,
    event: usage,
    extended: { ...usage, mode: "batch", policyVersion: 3 },
    wrong: [
      { ...usage, costUsd: "0.1" },
      { ...usage, role: "admin" },
      { ...usage, ts: "yesterday" },
    ],
  },
  {
    file: "shadow-event.v1.schema.json",
    zod: ShadowEventSchema,
    event: shadow,
    extended: { ...shadow, guard: true },
    wrong: [
      { ...shadow, score: 1.5 },
      { ...shadow, verdict: "maybe" },
    ],
  },
  {
    file: "shadow-candidate-event.v1.schema.json",
    zod: ShadowCandidateEventSchema,
    event: { version: 1, task, result },
    extended: { version: 1, task: { ...task, deadline: "6h" }, result: { ...result, mode: "sync" }, policyVersion: 2 },
    wrong: [
      { version: 1, task },
      { version: 1, task: { ...task, messages: [] }, result },
    ],
  },
  {
    file: "alert-event.v1.schema.json",
    zod: AlertEventSchema,
    event: alert,
    extended: { ...alert, tenant: "acme" },
    wrong: [
      { ...alert, kind: "weather" },
      { ...alert, observed: "high" },
    ],
  },
  {
    file: "policy-change-event.v1.schema.json",
    zod: PolicyChangeEventSchema,
    event: policyChange,
    extended: { ...policyChange, expiresAt: "2026-12-28T00:00:00Z", override: { tier: "standard", region: "eu" } },
    wrong: [
      { ...policyChange, author: "anyone" },
      { ...policyChange, policyVersion: 0 },
      { ...policyChange, override: { tier: "huge" } },
    ],
  },
  {
    file: "dead-letter-headers.v1.schema.json",
    zod: DeadLetterHeadersSchema,
    event: deadLetterHeaders,
    extended: { ...deadLetterHeaders, "x-switchyard-error-retryable": "false" },
    wrong: [
      { ...deadLetterHeaders, "x-switchyard-source-offset": "-1" },
      { ...deadLetterHeaders, "x-switchyard-error-code": undefined },
    ],
  },
  {
    file: "task-event.v1.schema.json",
    zod: TaskEventSchema,
    event: task,
    extended: { ...task, deadline: "6h", dimensions: { accuracy: "high", latencyClass: "interactive" } },
    wrong: [
      { ...task, maxTokens: 0 },
      { ...task, messages: [{ role: "system", content: "x" }] },
    ],
  },
];

describe("committed JSON Schemas, read by ajv (not zod)", () => {
  it("each has a distinct $id and compiles", () => {
    const ids = [...documents.values()].map((document) => document.$id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^urn:switchyard:schema:[a-z-]+\.v1$/);
    assert.deepEqual([...documents.keys()].sort(), cases.map((entry) => entry.file).sort(), "every committed schema has a case here");
  });

  it("accept a usage event of a call abandoned at a revoke or shutdown (tokens 0, cost unknown)", () => {
    const abandoned = { ...usage, status: "abandoned", errorType: "abandoned", inputTokens: 0, outputTokens: 0, costUsd: null };
    assert.equal(UsageEventSchema.safeParse(abandoned).success, true);
    const validate = validatorFor("usage-event.v1.schema.json");
    assert.equal(validate(abandoned), true, ajv.errorsText(validate.errors));
  });

  for (const entry of cases) {
    describe(entry.file, () => {
      it("accepts today's event (which zod accepts too)", () => {
        assert.equal(entry.zod.safeParse(entry.event).success, true, "the fixture is a real event");
        const validate = validatorFor(entry.file);
        assert.equal(validate(entry.event), true, ajv.errorsText(validate.errors));
      });

      it("accepts the event with fields added later (additive evolution)", () => {
        const validate = validatorFor(entry.file);
        assert.equal(validate(entry.extended), true, ajv.errorsText(validate.errors));
      });

      it("rejects events that break the contract", () => {
        const validate = validatorFor(entry.file);
        for (const wrong of entry.wrong) {
          const event = JSON.parse(JSON.stringify(wrong)) as unknown;
          assert.equal(validate(event), false, `accepted ${JSON.stringify(event).slice(0, 200)}`);
          assert.equal(entry.zod.safeParse(event).success, false, "zod agrees that it is wrong");
        }
      });
    });
  }
});
