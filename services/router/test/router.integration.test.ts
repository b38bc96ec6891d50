import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEAD_LETTER_HEADERS, DeadLetterHeadersSchema, type ResultEvent, type TaskEventInput, type TopicNames, type UsageEvent } from "@switchyard/contracts";
import { waitForMessages, type ConsumerLoopStats, type IncomingMessage, type OutgoingMessage } from "@switchyard/kafka";
import { createAnthropicProvider, DEFAULT_RETRY_POLICY, type RetryPolicy } from "@switchyard/llm";
import { startModelSimulator, type SimulatorConfigInput, type SimulatorStats } from "@switchyard/model-simulator";
import { resolveRoutingConfig, type RoutingConfigInput } from "@switchyard/routing";
import { startRouter } from "../src/index";
import { KafkaTestBed, parseResults, parseUsage, uniqueName, waitUntil } from "@switchyard/test-support";
import { byTaskId, expectedCostUsd, taskMessage } from "./integration-support";

// Router on the real broker, the real @anthropic-ai/sdk and the model simulator.
const bed = new KafkaTestBed("router-it");
const testLogger = bed.logger;
before(() => bed.connect());
after(() => bed.clean());

const FAST_RETRIES: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  maxAttempts: 2,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxRetryAfterMs: 5_000,
  attemptTimeoutMs: 10_000,
};

interface RouterRun {
  topics: TopicNames;
  groupId: string;
  tasksLog: IncomingMessage[];
  results: ResultEvent[];
  usage: UsageEvent[];
  deadLetters: IncomingMessage[];
  candidates: IncomingMessage[];
  loopStats: ConsumerLoopStats;
  simulatorStats: SimulatorStats;
  elapsedMs: number;
}

interface RouterRunOptions {
  messages: (topics: TopicNames) => OutgoingMessage[];
  /** Task ids that must get a result before the run ends. */
  expectedResultIds: string[];
  simulator?: SimulatorConfigInput;
  routing?: RoutingConfigInput;
  partitions?: number;
  maxInFlight?: number;
  maxTaskBytes?: number;
  retryPolicy?: RetryPolicy;
  timeoutMs?: number;
}

/**
 * Starts a simulator and a router on fresh topics, publishes the messages,
 * waits until every expected task has a result and every message is handled,
 * then stops both and reads back what the router published.
 */
async function runRouter(options: RouterRunOptions): Promise<RouterRun> {
  const simulator = await startModelSimulator({ port: 0, config: { latencyScale: 0, ...options.simulator } });
  const transport = bed.newTransport();
  const topics = await bed.createTopicNames(options.partitions ?? 3);
  const groupId = bed.newGroup();
  try {
    const messages = options.messages(topics);
    await transport.publish(messages);
    const started = Date.now();
    const loop = await startRouter({
      transport,
      provider: createAnthropicProvider({ apiKey: "test-key", baseUrl: simulator.url, logger: testLogger }),
      routing: resolveRoutingConfig(options.routing ?? {}),
      topics,
      groupId,
      maxInFlight: options.maxInFlight ?? 64,
      maxTaskBytes: options.maxTaskBytes ?? 1024 * 1024,
      retryPolicy: options.retryPolicy ?? FAST_RETRIES,
      logger: testLogger,
    });
    try {
      const missing = new Set(options.expectedResultIds);
      let read = 0;
      await waitForMessages(transport, {
        topic: topics.results,
        timeoutMs: options.timeoutMs ?? 60_000,
        until: (seen) => {
          for (; read < seen.length; read += 1) missing.delete(seen[read]?.key ?? "");
          return missing.size === 0;
        },
      });
      const elapsedMs = Date.now() - started;
      await waitUntil(() => loop.stats().handled === messages.length, `all ${messages.length} messages handled`, 10_000);
      const loopStats = loop.stats();
      await loop.stop();
      return {
        topics,
        groupId,
        tasksLog: await transport.readTopic(topics.tasks),
        results: parseResults(await transport.readTopic(topics.results)),
        usage: parseUsage(await transport.readTopic(topics.usage)),
        deadLetters: await transport.readTopic(topics.deadLetters),
        candidates: await transport.readTopic(topics.shadowCandidates),
        loopStats,
        simulatorStats: simulator.stats(),
        elapsedMs,
      };
    } finally {
      await loop.stop();
    }
  } finally {
    await simulator.close();
  }
}

function userMessage(text: string) {
  return [{ role: "user" as const, content: text }];
}

/** One result per task id; fails on a missing or duplicated one. */
function resultsById(results: readonly ResultEvent[], ids: readonly string[]): Map<string, ResultEvent> {
  const grouped = byTaskId(results, (result) => result.taskId);
  const single = new Map<string, ResultEvent>();
  for (const id of ids) {
    const list = grouped.get(id) ?? [];
    assert.equal(list.length, 1, `task ${id}: ${list.length} results`);
    single.set(id, list[0] as ResultEvent);
  }
  assert.equal(grouped.size, ids.length, "no results for tasks that were not sent");
  return single;
}

function closeTo(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what}: cost is null`);
  assert.ok(Math.abs(actual - expected) <= 1e-12 + 1e-9 * expected, `${what}: ${actual} ≠ ${expected}`);
}

const extractionSchema = {
  type: "object",
  required: ["advertiser", "budgetUsd", "channel"],
  properties: {
    advertiser: { type: "string", maxLength: 40 },
    budgetUsd: { type: "number", minimum: 0 },
    channel: { enum: ["search", "display", "video"] },
  },
  additionalProperties: false,
};

describe("router on Kafka with the model simulator", () => {
  it("routes a mixed batch by the rules, prices each call from the catalog, one usage event per call", { timeout: 60_000 }, async () => {
    const run = uniqueName("mix");
    const tasks: Array<{ task: TaskEventInput; tier: string; reason: RegExp; structured: boolean }> = [
      {
        task: { id: `${run}-kw`, type: "keyword_relevance", messages: userMessage("Keyword: trail shoes. Product: hiking boots."), maxTokens: 64 },
        tier: "fast",
        reason: /^rule 3/,
        structured: true,
      },
      {
        task: { id: `${run}-cs`, type: "campaign_summary", messages: userMessage("Summarise week 12 of campaign Spring: 1,200 clicks."), maxTokens: 300 },
        tier: "standard",
        reason: /^rule 4/,
        structured: false,
      },
      {
        task: { id: `${run}-as`, type: "account_strategy", messages: userMessage("How should account 42 be restructured?"), maxTokens: 500 },
        tier: "powerful",
        reason: /^rule 2/,
        structured: false,
      },
      {
        task: {
          id: `${run}-de`,
          type: "data_extraction",
          system: "Extract the fields.",
          messages: userMessage("IO #7: Acme, 1,500 USD, search."),
          maxTokens: 200,
          outputSchema: extractionSchema,
        },
        tier: "fast",
        reason: /^rule 3/,
        structured: true,
      },
      // Explicit dimensions for every branch of the rules, on task types the config does not know.
      {
        task: {
          id: `${run}-r1`,
          type: "contract_bundle",
          dimensions: { inputTokenEstimate: 60_000, requiresReasoning: false, outputType: "free_form", accuracy: "standard" },
          messages: userMessage("Review the bundle."),
          maxTokens: 200,
        },
        tier: "powerful",
        reason: /^rule 1: input estimate 60000 tokens > 50000/,
        structured: false,
      },
      {
        task: {
          id: `${run}-r2`,
          type: "legal_reasoning",
          dimensions: { inputTokenEstimate: 800, requiresReasoning: true, outputType: "free_form", accuracy: "high" },
          messages: userMessage("Is clause 4 enforceable?"),
          maxTokens: 200,
        },
        tier: "powerful",
        reason: /^rule 2/,
        structured: false,
      },
      {
        task: {
          id: `${run}-r3`,
          type: "tagging",
          dimensions: { inputTokenEstimate: 200, requiresReasoning: false, outputType: "structured", accuracy: "best_effort" },
          messages: userMessage("Tag: red running shoes."),
          maxTokens: 64,
        },
        tier: "fast",
        reason: /^rule 3/,
        structured: true,
      },
      {
        task: {
          id: `${run}-r4-high`,
          type: "audited_tagging",
          dimensions: { inputTokenEstimate: 200, requiresReasoning: false, outputType: "structured", accuracy: "high" },
          messages: userMessage("Tag: invoices."),
          maxTokens: 64,
        },
        tier: "standard",
        reason: /^rule 4/,
        structured: true,
      },
      {
        task: {
          id: `${run}-r4-boundary`,
          type: "tagging",
          dimensions: { inputTokenEstimate: 3_000, requiresReasoning: false, outputType: "structured", accuracy: "standard" },
          messages: userMessage("Tag: a long catalogue."),
          maxTokens: 64,
        },
        tier: "standard",
        reason: /^rule 4/,
        structured: true,
      },
      {
        task: {
          id: `${run}-r4-reasoning`,
          type: "planning",
          dimensions: { inputTokenEstimate: 1_000, requiresReasoning: true, outputType: "free_form", accuracy: "standard" },
          messages: userMessage("Plan the launch."),
          maxTokens: 200,
        },
        tier: "standard",
        reason: /^rule 4/,
        structured: false,
      },
      // A built-in type with one dimension overridden by the event.
      {
        task: {
          id: `${run}-kw-large`,
          type: "keyword_relevance",
          dimensions: { inputTokenEstimate: 50_001 },
          messages: userMessage("Keyword: boots."),
          maxTokens: 64,
        },
        tier: "powerful",
        reason: /^rule 1/,
        structured: true,
      },
      // No estimate given: estimated from the text (20,000 characters ≈ 5,000 tokens ≥ 3,000).
      {
        task: {
          id: `${run}-estimated`,
          type: "bulk_tagging",
          dimensions: { requiresReasoning: false, outputType: "structured", accuracy: "standard" },
          messages: userMessage("word ".repeat(4_000)),
          maxTokens: 64,
        },
        tier: "standard",
        reason: /^rule 4/,
        structured: true,
      },
      // Pins skip the rules.
      {
        task: { id: `${run}-pin-up`, type: "keyword_relevance", tier: "powerful", messages: userMessage("Keyword: tents."), maxTokens: 64 },
        tier: "powerful",
        reason: /pinned to powerful/,
        structured: true,
      },
      {
        task: { id: `${run}-pin-down`, type: "account_strategy", tier: "fast", messages: userMessage("Quick take on account 7."), maxTokens: 200 },
        tier: "fast",
        reason: /pinned to fast/,
        structured: false,
      },
    ];
    for (const entry of tasks) entry.task.metadata = { feature: "mixed-batch", tenant: "acme" };
    const ids = tasks.map((entry) => entry.task.id);
    const outcome = await runRouter({ messages: (topics) => tasks.map((entry) => taskMessage(topics, entry.task)), expectedResultIds: ids });

    const results = resultsById(outcome.results, ids);
    const usageByTask = byTaskId(outcome.usage, (event) => event.taskId);
    const models = resolveRoutingConfig({}).models;
    for (const { task, tier, reason, structured } of tasks) {
      const result = results.get(task.id) as ResultEvent;
      assert.equal(result.status, "ok", `${task.id}: ${result.error?.message ?? ""}`);
      assert.equal(result.tier, tier, `${task.id} tier (${result.routing.reason})`);
      assert.equal(result.model, models[tier as keyof typeof models], `${task.id} model`);
      assert.match(result.routing.reason, reason, `${task.id} reason`);
      assert.equal(result.routing.fallbackFrom, null);
      assert.equal(result.type, task.type);
      assert.deepEqual(result.metadata, { feature: "mixed-batch", tenant: "acme" });
      assert.equal(result.json !== undefined, structured, `${task.id}: json ${structured ? "expected" : "not expected"}`);
      assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0, `${task.id}: tokens counted`);
      closeTo(result.costUsd, expectedCostUsd(result.model as string, result.usage), `${task.id} result cost`);

      const usage = usageByTask.get(task.id) ?? [];
      assert.equal(usage.length, result.attempts, `${task.id}: one usage event per call`);
      assert.equal(result.attempts, 1);
      const [call] = usage as [UsageEvent];
      assert.equal(call.role, "primary");
      assert.equal(call.status, "ok");
      assert.equal(call.tier, tier);
      assert.equal(call.model, result.model);
      assert.equal(call.type, task.type);
      assert.deepEqual(call.metadata, { feature: "mixed-batch", tenant: "acme" });
      assert.equal(call.inputTokens, result.usage.inputTokens);
      assert.equal(call.outputTokens, result.usage.outputTokens);
      closeTo(call.costUsd, expectedCostUsd(call.model, call), `${task.id} usage cost`);
    }
    assert.equal(outcome.usage.length, tasks.length);
    assert.equal(new Set(outcome.usage.map((event) => event.eventId)).size, outcome.usage.length, "usage event ids are unique");
    // The simulator saw exactly the calls the usage events report, model by model.
    for (const model of Object.values(models)) {
      const reported = outcome.usage.filter((event) => event.model === model).length;
      assert.equal(outcome.simulatorStats.byModel[model]?.calls ?? 0, reported, `${model}: simulator calls = usage events`);
    }
    assert.equal(outcome.deadLetters.length, 0);
  });

  it("falls back from standard to powerful when the standard model fails every call", { timeout: 60_000 }, async () => {
    const run = uniqueName("fallback");
    const standardIds = Array.from({ length: 5 }, (_unused, index) => `${run}-cs-${index}`);
    const fastIds = [`${run}-kw-0`, `${run}-kw-1`];
    const outcome = await runRouter({
      simulator: { faults: [{ kind: "server_error", share: 1, models: ["claude-sonnet-5-5"] }] },
      messages: (topics) => [
        ...standardIds.map((id) => taskMessage(topics, { id, type: "campaign_summary", messages: userMessage(`Summarise ${id}.`), maxTokens: 200 })),
        ...fastIds.map((id) => taskMessage(topics, { id, type: "keyword_relevance", messages: userMessage(`Keyword for ${id}.`), maxTokens: 64 })),
      ],
      expectedResultIds: [...standardIds, ...fastIds],
    });
    const results = resultsById(outcome.results, [...standardIds, ...fastIds]);
    const usageByTask = byTaskId(outcome.usage, (event) => event.taskId);
    for (const id of standardIds) {
      const result = results.get(id) as ResultEvent;
      assert.equal(result.status, "ok");
      assert.equal(result.tier, "powerful");
      assert.equal(result.model, "claude-opus-5-5");
      assert.equal(result.routing.fallbackFrom, "standard");
      assert.match(result.routing.reason, /^rule 4/);
      assert.equal(result.attempts, FAST_RETRIES.maxAttempts + 1);
      const usage = (usageByTask.get(id) ?? []).sort((left, right) => left.attempt - right.attempt);
      assert.equal(usage.length, result.attempts, "one usage event per call, failed calls included");
      const failed = usage.slice(0, FAST_RETRIES.maxAttempts);
      for (const call of failed) {
        assert.deepEqual([call.role, call.tier, call.model, call.status, call.errorType], ["primary", "standard", "claude-sonnet-5-5", "error", "model_error"]);
        assert.equal(call.inputTokens + call.outputTokens, 0);
        assert.equal(call.costUsd, 0, "a call that failed with a 500 billed nothing");
      }
      const answered = usage.at(-1) as UsageEvent;
      assert.deepEqual(
        [answered.role, answered.tier, answered.model, answered.status, answered.errorType],
        ["fallback", "powerful", "claude-opus-5-5", "ok", null],
      );
      closeTo(result.costUsd, expectedCostUsd("claude-opus-5-5", result.usage), `${id} cost`);
    }
    for (const id of fastIds) {
      const result = results.get(id) as ResultEvent;
      assert.deepEqual([result.status, result.tier, result.routing.fallbackFrom, result.attempts], ["ok", "fast", null, 1]);
    }
    const sonnet = outcome.simulatorStats.byModel["claude-sonnet-5-5"];
    assert.deepEqual(sonnet, { calls: standardIds.length * FAST_RETRIES.maxAttempts, byStatus: { "500": standardIds.length * FAST_RETRIES.maxAttempts } });
  });

  it("waits out a 429's retry-after before retrying, then answers", { timeout: 60_000 }, async () => {
    const id = uniqueName("retry-after");
    const outcome = await runRouter({
      simulator: { faults: [{ kind: "rate_limit", share: 1, limit: 1, retryAfterMs: 1_000 }] },
      messages: (topics) => [taskMessage(topics, { id, type: "keyword_relevance", messages: userMessage("Keyword: tents."), maxTokens: 64 })],
      expectedResultIds: [id],
    });
    const result = resultsById(outcome.results, [id]).get(id) as ResultEvent;
    assert.equal(result.status, "ok");
    assert.equal(result.attempts, 2);
    const [limited, answered] = outcome.usage.sort((left, right) => left.attempt - right.attempt) as [UsageEvent, UsageEvent];
    assert.equal(outcome.usage.length, 2);
    assert.deepEqual([limited.status, limited.errorType, limited.role], ["error", "rate_limited", "primary"]);
    assert.deepEqual([answered.status, answered.errorType, answered.model], ["ok", null, limited.model]);
    // The backoff alone is at most 20 ms here: only the retry-after explains a wait of a second.
    const waitedMs = Date.parse(answered.ts) - Date.parse(limited.ts);
    process.stdout.write(`# retry after a 429 with retry-after 1 s: second call ${waitedMs} ms after the first\n`);
    assert.ok(waitedMs >= 1_000, `the retry came ${waitedMs} ms after the 429, sooner than its retry-after`);
    assert.deepEqual(outcome.simulatorStats.byStatus, { "200": 1, "429": 1 });
  });

  it("does not retry a 429 that says the spend limit was reached", { timeout: 60_000 }, async () => {
    const run = uniqueName("spend");
    const ids = [`${run}-kw`, `${run}-cs`];
    const outcome = await runRouter({
      simulator: { faults: [{ kind: "spend_limit", share: 1 }] },
      retryPolicy: { ...FAST_RETRIES, maxAttempts: 3 },
      messages: (topics) => [
        taskMessage(topics, { id: ids[0] as string, type: "keyword_relevance", messages: userMessage("Keyword: tents."), maxTokens: 64 }),
        // A standard task would fall back to powerful on other errors; a spend limit ends the chain.
        taskMessage(topics, { id: ids[1] as string, type: "campaign_summary", messages: userMessage("Summarise week 3."), maxTokens: 200 }),
      ],
      expectedResultIds: ids,
    });
    const results = resultsById(outcome.results, ids);
    for (const id of ids) {
      const result = results.get(id) as ResultEvent;
      assert.equal(result.status, "error");
      assert.equal(result.error?.type, "spend_limit");
      assert.equal(result.attempts, 1);
      assert.equal(result.costUsd, 0);
      const usage = outcome.usage.filter((event) => event.taskId === id);
      assert.equal(usage.length, 1);
      assert.deepEqual([usage[0]?.status, usage[0]?.errorType], ["error", "spend_limit"]);
    }
    assert.equal(outcome.simulatorStats.totalCalls, 2, "one call per task, no retry");
    assert.equal(outcome.simulatorStats.byOutcome.spend_limit, 2);
  });

  it("dead-letters malformed messages with their reasons, answers those with a readable id, and goes on", { timeout: 60_000 }, async () => {
    const run = uniqueName("dlq");
    const valid = (index: number): TaskEventInput => ({
      id: `${run}-ok-${index}`,
      type: "keyword_relevance",
      messages: userMessage(`Keyword ${index}.`),
      maxTokens: 64,
    });
    const maxTaskBytes = 4_096;
    // key → what the dead letter must say; taskId when the id is readable (then an invalid_task result is due too).
    const invalid: Array<{ key: string; value: Buffer; code: string; taskId?: string; type?: string }> = [
      { key: `${run}-junk`, value: Buffer.from([0x7b, 0xff, 0x00, 0x6e, 0x6f]), code: "event_not_json" },
      {
        key: `${run}-schema`,
        value: Buffer.from(JSON.stringify({ id: `${run}-schema`, type: "keyword_relevance", messages: [], maxTokens: 0, metadata: { tenant: "acme" } })),
        code: "event_invalid",
        taskId: `${run}-schema`,
        type: "keyword_relevance",
      },
      { key: `${run}-no-id`, value: Buffer.from(JSON.stringify({ type: "keyword_relevance", messages: "hello" })), code: "event_invalid" },
      {
        key: `${run}-large`,
        value: Buffer.from(
          JSON.stringify({ id: `${run}-large`, type: "campaign_summary", messages: userMessage("x".repeat(maxTaskBytes * 2)), maxTokens: 100 }),
        ),
        code: "event_too_large",
        taskId: `${run}-large`,
      },
      {
        key: `${run}-v2`,
        value: Buffer.from(JSON.stringify({ version: 2, id: `${run}-v2`, type: "keyword_relevance", messages: userMessage("hi"), maxTokens: 64 })),
        code: "event_version_unsupported",
        taskId: `${run}-v2`,
        type: "keyword_relevance",
      },
      {
        key: `${run}-unknown-type`,
        value: Buffer.from(JSON.stringify({ id: `${run}-unknown-type`, type: "mystery", messages: userMessage("hi"), maxTokens: 64 })),
        code: "event_invalid",
        taskId: `${run}-unknown-type`,
        type: "mystery",
      },
      {
        key: `${run}-bad-output-schema`,
        value: Buffer.from(
          JSON.stringify({
            id: `${run}-bad-output-schema`,
            type: "data_extraction",
            messages: userMessage("hi"),
            maxTokens: 64,
            outputSchema: { type: "no-such-type" },
          }),
        ),
        code: "event_invalid",
        taskId: `${run}-bad-output-schema`,
        type: "data_extraction",
      },
    ];
    const validIds = Array.from({ length: invalid.length + 1 }, (_unused, index) => `${run}-ok-${index}`);
    const answeredIds = [...validIds, ...invalid.flatMap((entry) => (entry.taskId ? [entry.taskId] : []))];
    const started = Date.now();
    const outcome = await runRouter({
      partitions: 1,
      maxTaskBytes,
      // Valid and invalid messages alternate: every invalid one sits between two valid tasks.
      messages: (topics) => [
        taskMessage(topics, valid(0)),
        ...invalid.flatMap((entry, index) => [
          { topic: topics.tasks, key: entry.key, value: entry.value, headers: { origin: "test" } },
          taskMessage(topics, valid(index + 1)),
        ]),
      ],
      expectedResultIds: answeredIds,
    });

    const results = resultsById(outcome.results, answeredIds);
    for (const id of validIds) assert.equal(results.get(id)?.status, "ok", `${id} was processed`);
    assert.equal(outcome.deadLetters.length, invalid.length, "exactly the invalid messages are dead-lettered");
    const sourceOffsets = new Map(outcome.tasksLog.map((message) => [message.key, message.offset]));
    const deadLetters = new Map(outcome.deadLetters.map((message) => [message.key, message]));
    for (const entry of invalid) {
      const deadLetter = deadLetters.get(entry.key);
      assert.ok(deadLetter, `${entry.key} is in the DLQ`);
      assert.deepEqual(deadLetter.value, entry.value, `${entry.key}: the original bytes`);
      assert.equal(deadLetter.headers.origin, "test", "the original headers are kept");
      const headers = DeadLetterHeadersSchema.parse(deadLetter.headers);
      for (const name of Object.values(DEAD_LETTER_HEADERS)) {
        if (name === DEAD_LETTER_HEADERS.taskId) continue;
        assert.ok((headers[name] ?? "").length > 0, `${entry.key}: header ${name}`);
      }
      assert.equal(headers[DEAD_LETTER_HEADERS.errorClass], "InvalidEventError");
      assert.equal(headers[DEAD_LETTER_HEADERS.errorCode], entry.code, `${entry.key}: error code`);
      assert.ok((headers[DEAD_LETTER_HEADERS.reason] ?? "").length > 5, `${entry.key}: a reason`);
      assert.equal(headers[DEAD_LETTER_HEADERS.sourceTopic], outcome.topics.tasks);
      assert.equal(headers[DEAD_LETTER_HEADERS.sourcePartition], "0");
      assert.equal(headers[DEAD_LETTER_HEADERS.sourceOffset], sourceOffsets.get(entry.key), `${entry.key}: source offset`);
      assert.equal(headers[DEAD_LETTER_HEADERS.consumerGroup], outcome.groupId);
      const failedAt = Date.parse(headers[DEAD_LETTER_HEADERS.failedAt] ?? "");
      assert.ok(failedAt >= started - 1_000 && failedAt <= Date.now(), `${entry.key}: failed-at is the time of the failure`);
      assert.equal(headers[DEAD_LETTER_HEADERS.taskId], entry.taskId, `${entry.key}: task id header only when readable`);
      if (entry.taskId === undefined) continue;
      const result = results.get(entry.taskId) as ResultEvent;
      assert.equal(result.status, "error");
      assert.equal(result.error?.type, "invalid_task");
      assert.deepEqual([result.tier, result.model, result.attempts, result.costUsd], [null, null, 0, 0]);
      if (entry.type) assert.equal(result.type, entry.type);
    }
    assert.deepEqual(results.get(`${run}-schema`)?.metadata, { tenant: "acme" }, "metadata read from an invalid task");
    assert.equal(outcome.usage.length, validIds.length, "no model call for an invalid task");
    const committed = await bed.committedOffsets(outcome.groupId, outcome.topics.tasks);
    assert.equal(committed.get(0), outcome.tasksLog.length, "every message committed, dead letters included");
  });

  it(
    "a task near the size limit that is sampled for shadow gets its result; its candidate, too large for the broker, is left out",
    { timeout: 60_000 },
    async () => {
      const run = uniqueName("big");
      const ids = [`${run}-big`, `${run}-after`];
      // Just under the router's 1 MiB task limit: the task fits in a Kafka message, the task and its answer together do not.
      const text = "lorem ipsum dolor sit amet ".repeat(38_700);
      const outcome = await runRouter({
        partitions: 1,
        routing: {
          taskTypes: {
            big_document: { dimensions: { inputTokenEstimate: 1_000, requiresReasoning: false, outputType: "free_form", accuracy: "standard" }, shadowRate: 1 },
          },
        },
        messages: (topics) => [
          taskMessage(topics, { id: ids[0] as string, type: "big_document", messages: userMessage(text), maxTokens: 2_000 }),
          taskMessage(topics, { id: ids[1] as string, type: "big_document", messages: userMessage("A small one."), maxTokens: 200 }),
        ],
        expectedResultIds: ids,
      });
      const size = Buffer.byteLength(JSON.stringify({ id: ids[0], type: "big_document", messages: userMessage(text), maxTokens: 2_000 }));
      process.stdout.write(`# a task of ${size} bytes\n`);
      const results = resultsById(outcome.results, ids);
      assert.equal(results.get(ids[0] as string)?.status, "ok", "the big task is answered");
      assert.equal(results.get(ids[1] as string)?.status, "ok");
      assert.equal(outcome.deadLetters.length, 0, `nothing dead-lettered: ${JSON.stringify(outcome.deadLetters.map((message) => message.headers))}`);
      assert.deepEqual(
        outcome.candidates.map((message) => message.key),
        [ids[1]],
        "only the small task is shadowed",
      );
    },
  );

  it("one partition, 500 ms per call, 200 tasks: the calls run concurrently", { timeout: 60_000 }, async () => {
    const run = uniqueName("concurrency");
    const ids = Array.from({ length: 200 }, (_unused, index) => `${run}-${index}`);
    const outcome = await runRouter({
      partitions: 1,
      maxInFlight: 256,
      simulator: { latencyScale: 1, fixedLatencyMs: 500 },
      messages: (topics) => ids.map((id) => taskMessage(topics, { id, type: "keyword_relevance", messages: userMessage(`Keyword ${id}.`), maxTokens: 64 })),
      expectedResultIds: ids,
    });
    process.stdout.write(
      `# 200 tasks x 500 ms on one partition: ${outcome.elapsedMs} ms (sequential would be 100,000 ms); ` +
        `peak in flight: router ${outcome.loopStats.peakInFlight}, simulator ${outcome.simulatorStats.peakInFlight}; ${outcome.simulatorStats.totalCalls} calls\n`,
    );
    const results = resultsById(outcome.results, ids);
    assert.ok([...results.values()].every((result) => result.status === "ok"));
    assert.ok(outcome.loopStats.peakInFlight > 100, `router peak in flight ${outcome.loopStats.peakInFlight}`);
    // Counted by the simulator itself; one call at a time would show 1. On a busy machine the calls reach it
    // spread over seconds, so the peak is a fraction of the 200 the router holds.
    assert.ok(outcome.simulatorStats.peakInFlight > 10, `simulator peak concurrent calls ${outcome.simulatorStats.peakInFlight}`);
    // One successful call per task, and every call the simulator saw is in the ledger. On a busy machine a call can
    // pass the 10 s attempt timeout while queued in this process (router, SDK and simulator share it), and is then
    // retried: a second call, as in production. Only a timeout may cause one; anything else is a duplicate.
    const calls = outcome.usage.map((event) => `${event.status}/${event.errorType ?? "-"}/attempt ${event.attempt}`);
    const tally = [...new Set(calls)].map((kind) => `${kind}: ${calls.filter((call) => call === kind).length}`).join(", ");
    const succeeded = outcome.usage.filter((event) => event.status === "ok");
    assert.equal(succeeded.length, 200, `one successful call per task; usage events ${tally}`);
    assert.equal(new Set(succeeded.map((event) => event.taskId)).size, 200, `no task answered twice; usage events ${tally}`);
    assert.equal(outcome.simulatorStats.totalCalls, outcome.usage.length, `one usage event per call; usage events ${tally}`);
    const failed = outcome.usage.filter((event) => event.status !== "ok");
    assert.ok(
      failed.every((event) => event.status === "error" && event.errorType === "timeout"),
      `only attempts that timed out are repeated; usage events ${tally}`,
    );
  });
});
