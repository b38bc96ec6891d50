import type { CallMode, Tier, TokenUsage, UsageRole } from "@switchyard/contracts";
import { ModelCallError } from "../model-call-error";
import { addCacheBreakpoint, type CacheTtl } from "../caching/add-cache-breakpoint";
import { completeWithRetries, type CallOutcome } from "./complete-with-retries";
import type { ModelProvider, ModelRequest, ModelResponse } from "../model-provider";
import type { ModelUsage } from "../pricing/model-price";
import type { PricingCatalog } from "../pricing/pricing-catalog";
import type { RateLimiter } from "../rate-limits/rate-limiter";
import type { RetryPolicy } from "./retry-policy";
import type { OutputValidator } from "../requests/structured-output";
import { toResultErrorType } from "./to-result-error-type";

export interface FallbackLink {
  tier: Tier;
  model: string;
}

/** One real model call (retries included): the router turns each into a usage event. */
export interface AttemptRecord {
  tier: Tier;
  model: string;
  /** The model id the provider answered with, when it answered. */
  responseModel?: string;
  role: UsageRole;
  /** 1-based across the whole task, every link of the chain included. */
  attempt: number;
  /** abandoned: given up on (revoke or shutdown) while in flight; tokens unknown (0), cost null. */
  status: "ok" | "error" | "abandoned";
  /** The result contract's error type (rate_limited, output_invalid…), or "abandoned"; null when ok. */
  errorType: string | null;
  usage: TokenUsage;
  /** Null when the model has no price; never a made-up 0. */
  costUsd: number | null;
  latencyMs: number;
  startedAt: Date;
  requestId: string | null;
  /** How the model was called; absent means sync. */
  mode?: CallMode;
  /** The cache writes split by TTL, when the API reported it. */
  cacheWrites?: { fiveMinute: number; oneHour: number };
}

export interface CompleteWithFallbackOptions {
  provider: ModelProvider;
  /** Tried in order; a link is tried when the one before it failed after its retries. */
  chain: readonly FallbackLink[];
  request: Omit<ModelRequest, "model">;
  retryPolicy: RetryPolicy;
  /** Per-attempt timeout; default retryPolicy.attemptTimeoutMs. */
  timeoutMs?: number;
  pricing: PricingCatalog;
  /** Every attempt's role; by default the first link's are primary and later links' fallback. */
  role?: "shadow" | "judge";
  /** Checks a structured answer; a failure is an output_invalid attempt that moves on to the next link. */
  validateOutput?: OutputValidator;
  rateLimiter?: RateLimiter;
  /** Prompt caching: a breakpoint on a long enough system prompt, per link's model. Default off. */
  cache?: { ttl: CacheTtl | "off"; minimumTokens?: Readonly<Record<string, number>> };
  signal?: AbortSignal;
  /** Called for every real call as soon as it settles (metrics). */
  onAttempt?: (attempt: AttemptRecord) => void;
  /** Test seams, passed to completeWithRetries. */
  random?: () => number;
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export type FallbackOutcome =
  | { status: "ok"; tier: Tier; model: string; text: string; json?: unknown; fallbackFrom: Tier | null; attempts: AttemptRecord[] }
  | { status: "error"; error: ModelCallError; attempts: AttemptRecord[] };

// No other model can help when the account cannot pay or the key is refused.
const ENDS_THE_CHAIN = new Set(["model_spend_limit", "model_authentication"]);

/**
 * Calls the chain's models in order until one gives an acceptable answer,
 * each with the retry policy. Never throws for a model failure: the outcome
 * says ok or error, with every attempt. Rejects only when the signal aborts
 * (a retryable shutting_down error: the task is consumed again); the calls
 * made until then, the abandoned one included, reached onAttempt.
 */
export async function completeWithFallback(options: CompleteWithFallbackOptions): Promise<FallbackOutcome> {
  const attempts: AttemptRecord[] = [];
  let lastError: ModelCallError | null = null;
  const first = options.chain[0];

  for (const [index, link] of options.chain.entries()) {
    const role: UsageRole = options.role ?? (index === 0 ? "primary" : "fallback");
    let json: unknown;
    const acceptResponse = (response: ModelResponse): ModelCallError | null => {
      if (!options.validateOutput) return null;
      const validation = options.validateOutput(response.text);
      if (validation.ok) {
        json = validation.json;
        return null;
      }
      return new ModelCallError("output_invalid", `${link.model}: ${validation.reason}`, { retryable: false, ...requestIdOf(response) });
    };
    const record = (outcome: CallOutcome) => {
      const attempt = toAttemptRecord(outcome, link, role, attempts.length + 1, options.pricing);
      attempts.push(attempt);
      options.onAttempt?.(attempt);
    };
    try {
      const response = await completeWithRetries({
        provider: options.provider,
        request: addCacheBreakpoint({ ...options.request, model: link.model }, options.cache?.ttl ?? "off", options.cache?.minimumTokens),
        policy: options.retryPolicy,
        acceptResponse,
        onCall: record,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        rateLimiter: options.rateLimiter,
        random: options.random,
        sleep: options.sleep,
        now: options.now,
      });
      const fallbackFrom = first && index > 0 ? first.tier : null;
      return { status: "ok", tier: link.tier, model: link.model, text: response.text, ...(json === undefined ? {} : { json }), fallbackFrom, attempts };
    } catch (error) {
      if (!(error instanceof ModelCallError)) throw error;
      lastError = error;
      if (ENDS_THE_CHAIN.has(error.code)) break;
    }
  }
  return { status: "error", error: lastError ?? new ModelCallError("model_error", "the fallback chain is empty"), attempts };
}

const NO_TOKENS: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

function toAttemptRecord(outcome: CallOutcome, link: FallbackLink, role: UsageRole, attempt: number, pricing: PricingCatalog): AttemptRecord {
  if (outcome.abandoned) {
    // No answer, so no token counts: the cost is unknown (null), never a made-up 0.
    const common = { tier: link.tier, model: link.model, role, attempt, usage: NO_TOKENS, latencyMs: outcome.latencyMs, startedAt: outcome.startedAt };
    return { ...common, status: "abandoned", errorType: "abandoned", costUsd: null, requestId: null };
  }
  const usage = outcome.response?.usage;
  const tokens: TokenUsage = usage
    ? {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheCreationInputTokens: usage.cacheCreationInputTokens,
        cacheReadInputTokens: usage.cacheReadInputTokens,
      }
    : NO_TOKENS;
  return {
    tier: link.tier,
    model: link.model,
    role,
    attempt,
    status: outcome.error ? "error" : "ok",
    errorType: outcome.error ? toResultErrorType(outcome.error) : null,
    usage: tokens,
    costUsd: pricing.costOf(link.model, usage ?? NO_TOKENS),
    latencyMs: outcome.latencyMs,
    startedAt: outcome.startedAt,
    requestId: outcome.response?.requestId ?? outcome.error?.requestId ?? null,
    ...(outcome.response ? { responseModel: outcome.response.model } : {}),
    ...cacheWritesOf(usage),
  };
}

/** The 5-minute / 1-hour split of cache writes, when the API reported one. */
export function cacheWritesOf(usage: ModelUsage | undefined): { cacheWrites?: { fiveMinute: number; oneHour: number } } {
  if (usage?.cacheCreation5mInputTokens === undefined && usage?.cacheCreation1hInputTokens === undefined) return {};
  return { cacheWrites: { fiveMinute: usage.cacheCreation5mInputTokens ?? 0, oneHour: usage.cacheCreation1hInputTokens ?? 0 } };
}

function requestIdOf(response: ModelResponse): { requestId?: string } {
  return response.requestId === null ? {} : { requestId: response.requestId };
}
