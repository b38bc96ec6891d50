import type { ShadowEvent, UsageEvent } from "@switchyard/contracts";
import type { ModelPrice } from "../../src";
import { computeExpectedCostUsd } from "@switchyard/test-support";

/**
 * Eight days of usage shaped like the article's production: keyword relevance
 * and data extraction on Haiku, campaign summaries on Sonnet, account strategy
 * on Opus, shadow and judge calls, failed calls, an unpriced model, and in the
 * last day a routing bug (a burst of keyword-relevance calls on Opus) and
 * prompt bloat on data extraction. Counts vary uniformly per hour, so no
 * ordinary hour can lie 3 standard deviations from its baseline.
 */
export const FIXTURE_START = new Date("2024-05-01T00:00:00Z");
export const FIXTURE_HOURS = 192;
/** The last 24 hours are the window of the window-against-baseline reports. */
export const WINDOW_START_HOUR = 168;
export const SPIKE_HOUR = 180;
export const SPIKE_CALLS = 200;

/** 2024 prices (USD per million tokens); cache write 1.25x and read 0.1x input. mystery-model has none. */
export const PRICES: ModelPrice[] = [
  { model: "claude-3-haiku", inputPerMillion: 0.25, outputPerMillion: 1.25, cacheWrite5mPerMillion: 0.3125, cacheReadPerMillion: 0.025 },
  { model: "claude-3-5-sonnet", inputPerMillion: 3, outputPerMillion: 15, cacheWrite5mPerMillion: 3.75, cacheReadPerMillion: 0.3 },
  { model: "claude-3-opus", inputPerMillion: 15, outputPerMillion: 75, cacheWrite5mPerMillion: 18.75, cacheReadPerMillion: 1.5 },
];

export function hourDate(hour: number, secondOfHour = 0): Date {
  return new Date(FIXTURE_START.getTime() + hour * 3_600_000 + secondOfHour * 1000);
}

export function priceCall(model: string, tokens: Tokens): number | null {
  const price = PRICES.find((candidate) => candidate.model === model);
  if (!price) return null;
  return computeExpectedCostUsd(
    { inputTokens: tokens.input, outputTokens: tokens.output, cacheCreationInputTokens: tokens.cacheCreation, cacheReadInputTokens: tokens.cacheRead },
    price,
  );
}

interface Tokens {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
}

interface Routed {
  type: string;
  tier: "fast" | "standard" | "powerful";
  model: string;
  perHour: [number, number];
  tokens: Tokens;
  feature: string;
}

const ROUTED: Routed[] = [
  {
    type: "keyword_relevance",
    tier: "fast",
    model: "claude-3-haiku",
    perHour: [18, 22],
    tokens: { input: 500, output: 50, cacheCreation: 0, cacheRead: 0 },
    feature: "keywords",
  },
  {
    type: "data_extraction",
    tier: "fast",
    model: "claude-3-haiku",
    perHour: [6, 10],
    tokens: { input: 1500, output: 150, cacheCreation: 0, cacheRead: 0 },
    feature: "extraction",
  },
  {
    type: "campaign_summary",
    tier: "standard",
    model: "claude-3-5-sonnet",
    perHour: [4, 8],
    tokens: { input: 5000, output: 400, cacheCreation: 500, cacheRead: 2000 },
    feature: "reports",
  },
  {
    type: "account_strategy",
    tier: "powerful",
    model: "claude-3-opus",
    perHour: [1, 2],
    tokens: { input: 20000, output: 1000, cacheCreation: 0, cacheRead: 0 },
    feature: "strategy",
  },
];

const TENANTS = ["acme", "globex", "initech"];

/** mulberry32: a small seeded generator, so every run sees the same data. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Fixture {
  usage: UsageEvent[];
  /** Each comparison once, as first evaluated. */
  shadow: ShadowEvent[];
  /** Comparisons evaluated a second time (same ids, other ts and verdict): must not count. */
  shadowReevaluated: ShadowEvent[];
}

export function buildFixture(): Fixture {
  const random = createRandom(20240501);
  const usage: UsageEvent[] = [];
  let sequence = 0;
  const add = (hour: number, call: Omit<UsageEvent, "version" | "eventId" | "ts" | "taskId" | "attempt" | "latencyMs"> & { taskId?: string }) => {
    sequence += 1;
    const { taskId, ...rest } = call;
    usage.push({
      version: 1,
      eventId: `usage-${sequence}`,
      ts: hourDate(hour, (sequence * 37) % 3600).toISOString(),
      taskId: taskId ?? `task-${sequence}`,
      attempt: 1,
      latencyMs: 100 + (sequence % 900),
      ...rest,
    });
  };
  const uniform = ([low, high]: [number, number]) => low + Math.floor(random() * (high - low + 1));

  for (let hour = 0; hour < FIXTURE_HOURS; hour += 1) {
    for (const routed of ROUTED) {
      const calls = uniform(routed.perHour);
      for (let index = 0; index < calls; index += 1) {
        const bloated = routed.type === "data_extraction" && hour >= WINDOW_START_HOUR;
        const tokens = bloated ? { ...routed.tokens, input: 1725 } : routed.tokens;
        add(
          hour,
          usageCall(routed.type, routed.tier, routed.model, "primary", tokens, { feature: routed.feature, tenant: TENANTS[(sequence + index) % 3] ?? "acme" }),
        );
      }
    }
    if (hour % 12 === 5) {
      add(hour, {
        ...usageCall("data_extraction", "fast", "claude-3-haiku", "primary", NO_TOKENS, { feature: "extraction", tenant: "acme" }),
        status: "error",
        errorType: "timeout",
      });
    }
    // Evaluation of campaign summaries: a shadow re-run on Haiku and a Sonnet judge.
    add(hour, usageCall("campaign_summary", "fast", "claude-3-haiku", "shadow", ROUTED[2]?.tokens ?? NO_TOKENS, { feature: "reports", tenant: "globex" }));
    add(
      hour,
      usageCall(
        "campaign_summary",
        "standard",
        "claude-3-5-sonnet",
        "judge",
        { input: 6000, output: 200, cacheCreation: 0, cacheRead: 0 },
        { feature: "reports", tenant: "globex" },
      ),
    );
    // A task type without a baseline: an unpriced model fails, Opus takes over.
    const experiments = uniform([1, 2]);
    for (let index = 0; index < experiments; index += 1) {
      add(hour, { ...usageCall("experimental", "standard", "mystery-model", "primary", NO_TOKENS, {}), status: "error", errorType: "model_error" });
      add(hour, usageCall("experimental", "powerful", "claude-3-opus", "fallback", { input: 1000, output: 100, cacheCreation: 0, cacheRead: 0 }, {}));
    }
    if (hour === SPIKE_HOUR) {
      for (let index = 0; index < SPIKE_CALLS; index += 1) {
        add(
          hour,
          usageCall("keyword_relevance", "powerful", "claude-3-opus", "primary", ROUTED[0]?.tokens ?? NO_TOKENS, { feature: "keywords", tenant: "initech" }),
        );
      }
    }
  }
  const { shadow, shadowReevaluated } = buildShadowEvents();
  return { usage, shadow, shadowReevaluated };
}

const NO_TOKENS: Tokens = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };

function usageCall(
  type: string,
  tier: UsageEvent["tier"],
  model: string,
  role: UsageEvent["role"],
  tokens: Tokens,
  metadata: Record<string, string>,
): Omit<UsageEvent, "version" | "eventId" | "ts" | "taskId" | "attempt" | "latencyMs"> {
  return {
    type,
    tier,
    model,
    role,
    status: "ok",
    errorType: null,
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    cacheCreationInputTokens: tokens.cacheCreation,
    cacheReadInputTokens: tokens.cacheRead,
    costUsd: priceCall(model, tokens),
    metadata,
    // Some routed calls went through Message Batches (cost-by-day's batch share); the recorded cost is what counts.
    ...(role === "primary" && tokens.output % 3 === 0 ? { mode: "batch" as const } : {}),
  };
}

/** 250 campaign-summary comparisons agreeing 98%, 150 account-strategy comparisons agreeing 60%. */
function buildShadowEvents(): { shadow: ShadowEvent[]; shadowReevaluated: ShadowEvent[] } {
  const shadow: ShadowEvent[] = [];
  const pairs = [
    {
      type: "campaign_summary",
      originalTier: "standard",
      originalModel: "claude-3-5-sonnet",
      shadowTier: "fast",
      shadowModel: "claude-3-haiku",
      samples: 250,
      tokens: ROUTED[2]?.tokens ?? NO_TOKENS,
      evaluator: "llm_judge",
      evaluationCost: 0.0012,
    },
    {
      type: "account_strategy",
      originalTier: "powerful",
      originalModel: "claude-3-opus",
      shadowTier: "standard",
      shadowModel: "claude-3-5-sonnet",
      samples: 150,
      tokens: ROUTED[3]?.tokens ?? NO_TOKENS,
      evaluator: "llm_judge",
      evaluationCost: 0.0015,
    },
  ] as const;
  for (const pair of pairs) {
    for (let index = 0; index < pair.samples; index += 1) {
      const agrees = pair.type === "campaign_summary" ? index % 50 !== 0 : index % 5 < 3;
      const failed = !agrees && pair.type === "campaign_summary" && index % 100 === 0;
      const taskId = `${pair.type}-shadowed-${index}`;
      const originalOutput = `original answer ${index}`;
      const shadowOutput = agrees ? originalOutput : `different answer ${index}`;
      shadow.push({
        version: 1,
        eventId: `${taskId}:${pair.shadowTier}`,
        ts: hourDate(index % WINDOW_START_HOUR, 1800 + index).toISOString(),
        taskId,
        type: pair.type,
        originalTier: pair.originalTier,
        originalModel: pair.originalModel,
        shadowTier: pair.shadowTier,
        shadowModel: pair.shadowModel,
        evaluator: pair.evaluator,
        score: agrees ? 0.95 : 0.4,
        verdict: failed ? "shadow_failed" : agrees ? "agree" : "disagree",
        originalCostUsd: priceCall(pair.originalModel, pair.tokens),
        shadowCostUsd: failed ? null : priceCall(pair.shadowModel, pair.tokens),
        evaluationCostUsd: pair.evaluationCost,
        originalOutput: index % 10 === 0 ? null : originalOutput,
        shadowOutput: index % 10 === 0 ? null : shadowOutput,
        originalOutputSha256: "0".repeat(64),
        shadowOutputSha256: "1".repeat(64),
        originalOutputLength: originalOutput.length,
        shadowOutputLength: shadowOutput.length,
        metadata: { feature: "reports", tenant: "globex" },
      });
    }
  }
  const shadowReevaluated = shadow
    .filter((_event, index) => index % 7 === 0)
    .map((event) => ({
      ...event,
      ts: new Date(Date.parse(event.ts) + 3_600_000).toISOString(),
      verdict: event.verdict === "agree" ? ("disagree" as const) : ("agree" as const),
    }));
  return { shadow, shadowReevaluated };
}
